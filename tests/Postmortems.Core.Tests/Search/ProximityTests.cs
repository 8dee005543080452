using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.Search;

/// <summary>
/// Plain words standing close together rank first. The bonus is added to the best matches after they are found, so
/// these incidents use the same words the same number of times: only the bonus can put the older one first.
/// </summary>
public sealed class ProximityTests : IDisposable
{
    private readonly SearchIndex _index = SearchIndex.InMemory();

    public ProximityTests()
    {
        var filler = Enumerable.Range(0, 150).Select(i => Doc($"filler-{i:000}", "connection refused by the firewall during the morning deploy window", 2020));
        _index.Replace(
        [
            Doc("together", "connection pool exhausted during morning traffic spike", 2024),
            Doc("apart", "connection exhausted during morning traffic spike pool", 2025),
            .. filler,
        ], generation: 1);
    }

    public void Dispose() => _index.Dispose();

    private static SearchDocument Doc(string id, string summary, int year) =>
        new() { Id = id, Title = id, Summary = summary, Date = new DateTimeOffset(year, 6, 1, 0, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void Words_close_together_rank_above_the_same_words_far_apart_even_when_the_other_incident_is_newer()
    {
        var result = _index.Search(new SearchRequest("connection pool"));

        Assert.Equal(["together", "apart"], result.Hits.Take(2).Select(h => h.Id));
        Assert.True(result.Hits[0].Score > result.Hits[1].Score);
        Assert.All(result.Hits.Take(2), hit => Assert.False(hit.Partial));
        Assert.All(result.Hits.Skip(2), hit => Assert.True(hit.Partial, $"{hit.Id} has only 'connection'"));
    }

    [Fact]
    public void The_bonus_ranks_a_later_page_too_and_the_count_is_the_good_matches_and_the_partial_ones_shown()
    {
        var first = _index.Search(new SearchRequest("connection pool", Limit: 1));
        var second = _index.Search(new SearchRequest("connection pool", Limit: 1, Offset: 1));
        var any = _index.Search(new SearchRequest("connection OR pool", Limit: 0));

        Assert.Equal("together", Assert.Single(first.Hits).Id);
        Assert.Equal("apart", Assert.Single(second.Hits).Id);
        // Two incidents have both words; the results go on with the best of the 150 that have one, up to the ranking window.
        Assert.Equal(IncidentSearcher.RerankWindow, first.Total);
        Assert.Equal(IncidentSearcher.RerankWindow, _index.Search(new SearchRequest("connection pool", Limit: 0)).Total);
        Assert.Equal(152, any.Total);
    }
}
