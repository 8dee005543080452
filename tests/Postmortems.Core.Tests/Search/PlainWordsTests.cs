using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.Search;

/// <summary>
/// Plain words rank by all of them without demanding most of them: a long query finds the incidents that have the most
/// of its telling words, the framing of a question does not count, and operators keep their exact meaning.
/// </summary>
public sealed class PlainWordsTests : IDisposable
{
    private readonly SearchIndex _index = SearchIndex.InMemory();

    /// <summary>Eight words; no incident has more than five of them.</summary>
    private const string EightWords = "connection pool exhausted checkout traffic spike timeouts nightly";

    public PlainWordsTests()
    {
        var distractors = new[]
        {
            "Traffic report: traffic traffic traffic", "Nightly build failed every nightly run", "Connection refused by the firewall",
            "Spike in signups", "Checkout page typo", "Timeouts timeouts timeouts on the search page", "Pool party planning",
        };
        _index.Replace(
        [
            Doc("right-1", "Checkout connection pool exhausted under a traffic surge"),
            Doc("right-2", "Pool exhausted: checkout timeouts in the spike"),
            .. distractors.Select((text, i) => Doc($"other-{i}", text)),
            .. Enumerable.Range(0, 40).Select(i => Doc($"filler-{i:00}", "a certificate expired on the billing host")),
        ], generation: 1);
    }

    public void Dispose() => _index.Dispose();

    private static SearchDocument Doc(string id, string title) =>
        new() { Id = id, Title = title, Summary = title, Date = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void A_query_of_eight_words_where_no_incident_has_more_than_five_still_returns_the_right_incidents_first()
    {
        var result = _index.Search(new SearchRequest(EightWords));

        Assert.Equal(["right-1", "right-2"], result.Hits.Take(2).Select(h => h.Id).Order());
        Assert.All(result.Hits.Skip(2), hit => Assert.StartsWith("other-", hit.Id));
        Assert.Equal(["connection", "pool", "exhausted", "checkout", "traffic"], result.Hits.Single(h => h.Id == "right-1").Matched.Select(m => m.Word));
        Assert.Equal(["Title", "Summary"], result.Hits.Single(h => h.Id == "right-1").Matched[0].Where);
        Assert.All(result.Hits.Skip(2), hit => Assert.True(hit.Partial, $"{hit.Id} has one or two of the words"));
    }

    [Fact]
    public void The_framing_of_a_question_does_not_change_the_ranking_and_a_question_mark_is_not_a_wildcard()
    {
        var plain = _index.Search(new SearchRequest("checkout pool exhausted"));
        var asked = _index.Search(new SearchRequest("why did we see the checkout pool exhausted again?"));

        Assert.Null(asked.Message);
        Assert.Equal(plain.Hits.Select(h => h.Id), asked.Hits.Select(h => h.Id));
        Assert.Equal(["checkout", "pool", "exhausted"], asked.Hits[0].Matched.Select(m => m.Word));
    }

    [Fact]
    public void Operators_keep_their_exact_meaning()
    {
        Assert.Equal(["right-1", "right-2"], _index.Search(new SearchRequest("pool AND checkout")).Hits.Select(h => h.Id).Order());
        Assert.Equal(["right-1", "right-2"], _index.Search(new SearchRequest("+exhausted spike")).Hits.Select(h => h.Id).Order());
        Assert.Equal(["right-1"], _index.Search(new SearchRequest("\"connection pool\"")).Hits.Select(h => h.Id));
        Assert.Equal(["right-2"], _index.Search(new SearchRequest("title:timeouts AND pool")).Hits.Select(h => h.Id));
        Assert.All(_index.Search(new SearchRequest("pool AND checkout")).Hits, hit => Assert.False(hit.Partial));
    }

    [Fact]
    public void A_phrase_the_synonyms_know_as_one_word_is_searched_as_that_word()
    {
        using var index = SearchIndex.InMemory();
        index.Replace(
        [
            Doc("timeout", "The payment call hit its timeout"),
            Doc("time-and-out", "Out of stock at the time of the sale"),
        ], generation: 1);

        var result = index.Search(new SearchRequest("payments timed out"));

        Assert.Equal("timeout", result.Hits[0].Id);
        Assert.Contains(result.Hits[0].Matched, m => m.Word == "timed out");
        Assert.DoesNotContain(result.Hits, hit => hit.Id == "time-and-out");
    }
}
