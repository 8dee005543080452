using Lucene.Net.Search;
using Postmortems.Core.Search;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Search;

/// <summary>
/// A search finds its matches in the one combined field and ranks the best of them by the weighted fields: the same
/// incidents must match as across the weighted fields, and where a word stands must still decide the order.
/// </summary>
public sealed class MatchThenRankTests(SeededIndex seeded) : IClassFixture<SeededIndex>
{
    [Theory]
    [InlineData("pool", "pool")]
    [InlineData("kubernetes", "kubernetes")]
    [InlineData("\"connection pool\"", "\"connection pool\"")]
    [InlineData("migrat*", "migrat*")]
    [InlineData("timout~", "timout~")]
    [InlineData("db", "db")]
    public void A_word_without_a_field_matches_exactly_the_incidents_that_have_it_in_one_of_the_weighted_fields(string query, string perField)
    {
        var anyField = string.Join(" OR ", SearchFields.TextFields.Select(f => $"{f}:{perField}"));

        var combined = seeded.Index.Search(new SearchRequest(query, 100));
        var weighted = seeded.Index.Search(new SearchRequest(anyField, 100));

        Assert.True(combined.Total > 0, $"'{query}' finds nothing in the seed content");
        Assert.Equal(weighted.Total, combined.Total);
        Assert.Equal(weighted.Hits.Select(h => h.Id).Order(), combined.Hits.Select(h => h.Id).Order());
    }

    [Theory]
    [InlineData("connection pool timeout")]
    [InlineData("the pool")]
    [InlineData("retry")]
    [InlineData("connection-pool e.g. it's TLS 1.3")]
    [InlineData("k8s  node\tdrain")]
    [InlineData("of the and")]
    public void Plain_words_built_without_the_parser_are_the_query_the_parser_reads(string text)
    {
        foreach (var matchOnly in new[] { false, true })
        {
            using var analyzer = IncidentAnalyzers.CreateQueryAnalyzer();
            var parsed = new IncidentQueryParser(analyzer, Samples.Taxonomy.Value, matchOnly).Parse(text);
            var built = new IncidentQueryParser(analyzer, Samples.Taxonomy.Value, matchOnly).PlainWords(text.Split(IncidentQueryParser.WhiteSpace, StringSplitOptions.RemoveEmptyEntries));

            Assert.Equal(Unwrapped(parsed)?.ToString(), built?.ToString());
        }
    }

    /// <summary>The parser wraps one word in a query of one clause when a stop word came first; Lucene rewrites it away.</summary>
    private static Query? Unwrapped(Query? query) => query switch
    {
        BooleanQuery { Clauses.Count: 0 } => null,
        BooleanQuery { Clauses: [{ Occur: Occur.SHOULD } only] } => only.Query,
        _ => query,
    };

    [Fact]
    public void A_word_in_the_title_ranks_above_the_same_word_repeated_in_the_body_of_a_newer_incident()
    {
        using var index = SearchIndex.InMemory();
        var filler = string.Join(' ', Enumerable.Repeat("the nightly job ran late and the queue grew while nobody watched it", 20));
        index.Replace(
        [
            new SearchDocument { Id = "in-title", Title = "Checkout outage", Body = [new("Timeline", filler)], Date = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero) },
            new SearchDocument { Id = "in-body", Title = "Nightly job", Body = [new("Timeline", filler + " checkout checkout checkout checkout checkout")], Date = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        ], generation: 1);

        var result = index.Search(new SearchRequest("checkout"));

        Assert.Equal(["in-title", "in-body"], result.Hits.Select(h => h.Id));
    }

    [Fact]
    public void A_word_searched_before_a_save_finds_the_saved_incident_too()
    {
        using var index = SearchIndex.InMemory();
        index.Replace([new SearchDocument { Id = "first", Title = "replica lag", Summary = "the replica fell behind" }], generation: 1);
        Assert.Equal(1, index.Search(new SearchRequest("replica lag")).Total);

        index.Update(new SearchDocument { Id = "second", Title = "replica lag again", Summary = "the replica fell behind twice" }, generation: 2);
        index.Delete("first", generation: 3);
        index.Update(new SearchDocument { Id = "third", Title = "replica lag", Summary = "a third replica" }, generation: 4);

        Assert.Equal(["second", "third"], index.Search(new SearchRequest("replica lag")).Hits.Select(h => h.Id).Order());
    }

    [Fact]
    public void Pages_past_the_ranked_window_come_in_order_with_none_lost_or_repeated()
    {
        using var index = SearchIndex.InMemory();
        var count = IncidentSearcher.RerankWindow + 50;
        index.Replace(Enumerable.Range(0, count).Select(i => new SearchDocument
        {
            Id = $"incident-{i:000}",
            Title = i % 3 == 0 ? "replica lag" : "lag",
            Summary = string.Join(' ', Enumerable.Repeat("replica", 1 + i % 7)) + " fell behind the primary",
            Date = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i),
        }), generation: 1);

        var pages = Enumerable.Range(0, count / 25).Select(page => index.Search(new SearchRequest("replica lag", 25, page * 25))).ToList();
        var ids = pages.SelectMany(p => p.Hits.Select(h => h.Id)).ToList();
        var scores = pages.SelectMany(p => p.Hits.Select(h => h.Score)).ToList();

        Assert.All(pages, p => Assert.Equal(count, p.Total));
        Assert.Equal(count, ids.Distinct().Count());
        var ranked = scores.Take(IncidentSearcher.RerankWindow).ToList();
        Assert.Equal(ranked.OrderByDescending(s => s), ranked);
    }

    [Fact]
    public void A_word_deep_in_a_long_section_is_shown_and_marked_in_the_snippet()
    {
        using var index = SearchIndex.InMemory();
        var before = string.Join(' ', Enumerable.Repeat("the scheduler retried the nightly export and the queue drained slowly", 60));
        var after = string.Join(' ', Enumerable.Repeat("operators watched the dashboards until the backlog cleared", 30));
        index.Replace([new SearchDocument { Id = "long", Title = "Export delay", Body = [new("Timeline", $"{before} then the etcd quorum was lost on two nodes. {after}")] }], generation: 1);

        var hit = Assert.Single(index.Search(new SearchRequest("quorum lost")).Hits);

        Assert.StartsWith("Timeline: …", hit.Snippet);
        var marked = hit.Highlights.Select(h => hit.Snippet.Substring(h.Start, h.Length)).ToList();
        Assert.Contains("quorum", marked);
        Assert.Contains("lost", marked);
    }

    [Theory]
    [InlineData("timeout", "timed out")]
    [InlineData("database", "db")]
    [InlineData("proxy", "proxy")]
    [InlineData("checkout proxy", "proxy")]
    public void Snippets_mark_what_the_query_found_with_or_without_a_synonym(string query, string expected)
    {
        using var index = SearchIndex.InMemory();
        index.Replace([new SearchDocument { Id = "p", Title = "Checkout", Summary = "The db proxy timed out when the checkout pool filled up." }], generation: 1);

        var hit = Assert.Single(index.Search(new SearchRequest(query)).Hits);

        Assert.Contains(expected, hit.Highlights.Select(h => hit.Snippet.Substring(h.Start, h.Length)));
    }

    [Fact]
    public void The_terms_a_synonym_can_add_are_every_word_of_a_rule_stemmed()
    {
        Assert.Superset(new HashSet<string> { "timeout", "time", "out", "databas", "db", "kubernet" }, IncidentAnalyzers.SynonymTerms.ToHashSet());
        Assert.DoesNotContain("eks", IncidentAnalyzers.SynonymTerms);
        Assert.DoesNotContain("proxi", IncidentAnalyzers.SynonymTerms);
    }
}
