using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.Search;

/// <summary>Facet counts over a fixture whose values are known: they must equal a plain count of the matching incidents.</summary>
public sealed class FacetTests : IDisposable
{
    private static readonly SearchDocument[] Fixture =
    [
        Doc("a", "Pool exhausted during the sale", ["load-testing", "config-review"], ["config", "scale"], ["checkout"], ["payments"], "sev1", "published", 2024),
        Doc("b", "Pool default fell back to ten", ["load-testing"], ["config"], ["checkout", "payments-db"], ["payments"], "sev2", "published", 2025),
        Doc("c", "Migration held a lock on the pool table", ["migration-rehearsal"], ["state", "scale"], ["orders-db"], ["orders"], "sev1", "in-review", 2025),
        Doc("d", "Certificate expired on the pool proxy", ["alerting"], ["time"], ["ledger"], ["payments", "platform"], "sev3", "published", 2025),
        Doc("e", "DNS TTL kept the old address", ["rollback-plan", "config-review"], ["infrastructure"], ["edge"], ["platform"], "sev2", "draft", 2026),
        Doc("f", "Cron jobs stopped after the cluster upgrade", ["environment-parity"], ["infrastructure"], ["scheduler"], ["platform"], "sev2", "published", 2026),
    ];

    private readonly SearchIndex _index = SearchIndex.InMemory();

    public FacetTests() => _index.Replace(Fixture, generation: 1);

    public void Dispose() => _index.Dispose();

    private static SearchDocument Doc(string id, string title, string[] gaps, string[] differences, string[] services, string[] teams, string severity, string status, int year) =>
        new()
        {
            Id = id, Title = title, Summary = title, Gaps = gaps, Differences = differences, Services = services, Teams = teams,
            Severity = severity, Status = status, Date = new DateTimeOffset(year, 6, 1, 0, 0, 0, TimeSpan.Zero),
        };

    [Theory]
    [InlineData("pool")]
    [InlineData("")]
    [InlineData("gap:config-review")]
    [InlineData("team:payments")]
    [InlineData("year:2025")]
    public void Facet_counts_equal_the_number_of_matching_incidents_with_each_value(string query)
    {
        var result = _index.Search(new SearchRequest(query, Limit: 1));
        var all = _index.Search(new SearchRequest(query, Limit: 100)).Hits.Select(h => h.Id).ToHashSet();
        var matching = Fixture.Where(d => all.Contains(d.Id)).ToList();

        Assert.Equal(matching.Count, result.Total);
        Assert.Single(result.Hits); // one shown, every match counted
        Expect(result, "gaps", matching.SelectMany(d => d.Gaps));
        Expect(result, "differences", matching.SelectMany(d => d.Differences));
        Expect(result, "services", matching.SelectMany(d => d.Services));
        Expect(result, "teams", matching.SelectMany(d => d.Teams));
        Expect(result, "severity", matching.Select(d => d.Severity!));
        Expect(result, "status", matching.Select(d => d.Status!));
        Expect(result, "year", matching.Select(d => d.Date!.Value.Year.ToString()));
    }

    [Fact]
    public void The_pool_query_has_the_counts_worked_out_by_hand()
    {
        var result = _index.Search(new SearchRequest("pool"));

        Assert.Equal(4, result.Total);
        Assert.Equal([("load-testing", 2), ("alerting", 1), ("config-review", 1), ("migration-rehearsal", 1)], result.Facets["gaps"].Select(v => (v.Value, v.Count)));
        Assert.Equal([("2025", 3), ("2024", 1)], result.Facets["year"].Select(v => (v.Value, v.Count)));
        Assert.Equal([("payments", 3), ("orders", 1), ("platform", 1)], result.Facets["teams"].Select(v => (v.Value, v.Count)));
    }

    [Theory]
    [InlineData("pool")]
    [InlineData("pool lock")]
    [InlineData("")]
    [InlineData("team:payments")]
    public void Asking_for_no_hits_counts_the_same_matches_and_facets_as_asking_for_a_page(string query)
    {
        var page = _index.Search(new SearchRequest(query, Limit: 10));
        var countOnly = _index.Search(new SearchRequest(query, Limit: 0));

        Assert.Empty(countOnly.Hits);
        Assert.Equal(page.Total, countOnly.Total);
        foreach (var (facet, values) in page.Facets)
            Assert.Equal(values.Select(v => (v.Value, v.Count)), countOnly.Facets[facet].Select(v => (v.Value, v.Count)));
    }

    [Fact]
    public void Facet_counts_follow_an_updated_and_a_deleted_incident()
    {
        Assert.Equal(2, Count(_index.Search(new SearchRequest("")), "gaps", "config-review"));

        _index.Update(Fixture[0] with { Gaps = ["alerting"] }, generation: 2);
        _index.Delete("e", generation: 3);

        var result = _index.Search(new SearchRequest(""));
        Assert.Equal(5, result.Total);
        Assert.Equal(0, Count(result, "gaps", "config-review"));
        Assert.Equal(2, Count(result, "gaps", "alerting"));
        Assert.Equal(1, Count(result, "year", "2026")); // f is left in 2026, e is gone
    }

    private static int Count(SearchResult result, string facet, string value) =>
        result.Facets[facet].FirstOrDefault(v => v.Value == value)?.Count ?? 0;

    private static void Expect(SearchResult result, string facet, IEnumerable<string> values)
    {
        var expected = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.OrderBy(kv => kv.Key), result.Facets[facet].ToDictionary(v => v.Value, v => v.Count).OrderBy(kv => kv.Key));
    }
}
