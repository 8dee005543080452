using System.Net;
using System.Text.Json;
using Postmortems.Core.Format;

namespace Postmortems.Web.Tests.Search;

/// <summary><c>GET /api/search</c>, <c>GET /api/incidents/{id}/similar</c> and the prerendered search page, on the seeded app.</summary>
public sealed class SearchApiTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private async Task<(HttpStatusCode Status, string? MediaType, JsonElement Json)> GetJson(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static List<string> Ids(JsonElement json) =>
        json.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();

    private static int Count(Func<Incident, bool> predicate) => RepositoryContent.Incidents.Count(predicate);

    [Fact]
    public async Task Search_answers_the_clis_json_shape_with_the_page_it_is()
    {
        var (status, mediaType, json) = await GetJson("/api/search?q=dns");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        Assert.Equal(["total", "offset", "limit", "hits", "facets"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, json.GetProperty("offset").GetInt32());
        Assert.Equal(20, json.GetProperty("limit").GetInt32());
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(json.GetProperty("total").GetInt32(), hits.Count);
        Assert.Equal(SeededSearch.DnsIncident, hits[0].GetProperty("id").GetString());
        foreach (var hit in hits)
        {
            Assert.Equal(["id", "title", "source", "score", "snippet", "matched", "partial"], hit.EnumerateObject().Select(p => p.Name));
            Assert.True(hit.GetProperty("score").GetDouble() > 0);
            Assert.Contains(hit.GetProperty("source").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }
        Assert.Matches("^(Summary|Root cause|How it got through|Title|[A-Z][a-z ]+): ", hits[0].GetProperty("snippet").GetString());
        Assert.Equal(["gaps", "differences", "services", "teams", "severity", "status", "year", "kind"],
            json.GetProperty("facets").EnumerateObject().Select(p => p.Name));
        Assert.Equal(hits.Count, json.GetProperty("facets").GetProperty("year").EnumerateObject().Sum(y => y.Value.GetInt32()));
    }

    [Fact]
    public async Task Facet_filters_narrow_the_results_and_each_must_match()
    {
        var (_, _, byGap) = await GetJson("/api/search?gap=load-testing&limit=200");
        var (_, _, byBoth) = await GetJson("/api/search?gap=load-testing&severity=sev1&limit=200");
        var (_, _, byYears) = await GetJson("/api/search?year=2025&difference=config&limit=200");
        var (_, _, byAlias) = await GetJson("/api/search?q=&status=PUBLISHED&service=checkout&limit=200");

        Assert.Equal(Count(i => i.Gaps.Any(g => g.Id == "load-testing")), byGap.GetProperty("total").GetInt32());
        Assert.Equal(Count(i => i.Gaps.Any(g => g.Id == "load-testing") && i.Severity == "sev1"), byBoth.GetProperty("total").GetInt32());
        Assert.True(byBoth.GetProperty("total").GetInt32() < byGap.GetProperty("total").GetInt32(), "a second filter should narrow");
        Assert.Equal(Count(i => i.Date?.Year == 2025 && i.Differences.Contains("config")), byYears.GetProperty("total").GetInt32());
        Assert.Equal(Count(i => i.Status == "published" && i.Services.Contains("checkout")), byAlias.GetProperty("total").GetInt32());
        Assert.Equal(byGap.GetProperty("total").GetInt32(), byGap.GetProperty("facets").GetProperty("gaps").GetProperty("load-testing").GetInt32());
    }

    [Fact]
    public async Task The_kind_filter_and_facet_tell_near_misses_from_incidents()
    {
        var (_, _, nearMisses) = await GetJson("/api/search?kind=near-miss&limit=200");
        var (status, _, bad) = await GetJson("/api/search?kind=nearmiss");

        Assert.Equal(Count(i => i.IsNearMiss), nearMisses.GetProperty("total").GetInt32());
        Assert.True(nearMisses.GetProperty("total").GetInt32() >= 10);
        var kinds = nearMisses.GetProperty("facets").GetProperty("kind").EnumerateObject().Select(k => (k.Name, k.Value.GetInt32())).ToList();
        Assert.Equal([("near-miss", Count(i => i.IsNearMiss))], kinds);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Kind 'nearmiss' is unknown. Use one of: incident, near-miss.", bad.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Paging_returns_consecutive_slices_of_one_order_with_the_same_total()
    {
        var (_, _, all) = await GetJson("/api/search?q=deploy&limit=10&sort=date");
        var (_, _, first) = await GetJson("/api/search?q=deploy&limit=5&sort=date");
        var (_, _, second) = await GetJson("/api/search?q=deploy&limit=5&offset=5&sort=date");
        var (_, _, none) = await GetJson("/api/search?q=deploy&limit=0");

        Assert.Equal(Ids(all), Ids(first).Concat(Ids(second)));
        Assert.Equal(5, second.GetProperty("offset").GetInt32());
        Assert.Equal(5, second.GetProperty("limit").GetInt32());
        Assert.Equal(all.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());
        Assert.Empty(Ids(none));
        Assert.Equal(all.GetProperty("total").GetInt32(), none.GetProperty("total").GetInt32());
        var dates = Ids(all).Select(id => RepositoryContent.Incidents.Single(i => i.Id == id).Date).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
    }

    [Fact]
    public async Task A_misspelling_comes_back_with_did_you_mean()
    {
        var (status, _, json) = await GetJson("/api/search?q=kubernetse");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, json.GetProperty("total").GetInt32());
        Assert.Equal("kubernetes", json.GetProperty("didYouMean").GetString());
    }

    [Fact]
    public async Task A_query_no_incident_matches_well_is_answered_with_the_best_partial_matches_marked_and_why_they_matched()
    {
        var (status, _, json) = await GetJson("/api/search?q=dns%20zzyzxqwv");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("total").GetInt32() > 0);
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.All(hits, hit => Assert.True(hit.GetProperty("partial").GetBoolean()));
        var matched = hits[0].GetProperty("matched").EnumerateArray().Single();
        Assert.Equal("dns", matched.GetProperty("word").GetString());
        Assert.NotEmpty(matched.GetProperty("where").EnumerateArray());
        Assert.False(json.TryGetProperty("message", out _));
    }

    [Theory]
    [InlineData("/api/search?q=title:(unclosed", "The query cannot be read as typed", "A '(' is not closed")]
    [InlineData("/api/search?q=" + "%22dns%20ttl", "The query cannot be read as typed", "A quote is not closed")]
    [InlineData("/api/search?q=colour:red", "The query cannot be read as typed", "There is no field 'colour'")]
    [InlineData("/api/search?q=dns&sort=best", "Bad search parameters", "sort must be relevance or date (got 'best').")]
    [InlineData("/api/search?gap=load-testin", "Bad search parameters", "Gap 'load-testin' is unknown. Did you mean 'load-testing'?")]
    [InlineData("/api/search?severity=sev9&year=25", "Bad search parameters", "Severity 'sev9' is unknown. Use one of: sev1, sev2, sev3, sev4. year must be a year such as 2025 (got '25').")]
    [InlineData("/api/search?limit=1000", "Bad search parameters", "limit must be from 0 to 200 (got 1000).")]
    [InlineData("/api/search?limit=ten", "Bad request", "from \"ten\"")]
    public async Task A_query_that_cannot_run_is_a_400_problem_carrying_the_reason(string path, string title, string detail)
    {
        var (status, mediaType, json) = await GetJson(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Equal(title, json.GetProperty("title").GetString());
        Assert.Contains(detail, json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Similar_lists_other_incidents_with_the_gaps_they_share()
    {
        var incident = RepositoryContent.Incidents.Single(i => i.Id == SeededSearch.DnsIncident);
        var gaps = incident.Gaps.Select(g => g.Id).ToHashSet();

        var (status, mediaType, json) = await GetJson($"/api/incidents/{incident.Id}/similar");
        var (_, _, two) = await GetJson($"/api/incidents/{incident.Id}/similar?limit=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        var items = json.EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetString() == incident.Id);
        foreach (var item in items)
        {
            Assert.Equal(["id", "title", "score", "sharedGaps"], item.EnumerateObject().Select(p => p.Name));
            var other = RepositoryContent.Incidents.Single(i => i.Id == item.GetProperty("id").GetString());
            Assert.Equal(other.Title, item.GetProperty("title").GetString());
            Assert.Equal(other.Gaps.Select(g => g.Id).Where(gaps.Contains).Order(),
                item.GetProperty("sharedGaps").EnumerateArray().Select(g => g.GetString()!).Order());
        }
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(items.Take(2).Select(i => i.GetProperty("id").GetString()), two.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Similar_for_an_unknown_incident_is_a_404_problem()
    {
        var (status, mediaType, json) = await GetJson("/api/incidents/no-such-incident/similar");
        var (badStatus, _, bad) = await GetJson($"/api/incidents/{SeededSearch.DnsIncident}/similar?limit=0");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("There is no incident with id 'no-such-incident'", json.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("limit must be from 1 to 50 (got 0)", bad.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_search_page_is_prerendered_with_its_results_for_a_url_with_a_query()
    {
        var incident = RepositoryContent.Incidents.Single(i => i.Id == SeededSearch.DnsIncident);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/?q=dns&sort=date");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"href=\"incidents/{incident.Id}\"", html);
        Assert.Contains(WebUtility.HtmlEncode(incident.Title!), html);
        Assert.Contains("<mark>", html);
        Assert.Contains("value=\"dns\"", html); // the box shows the query
        Assert.Contains("incidents match", html);
    }

    [Fact]
    public async Task The_home_page_without_a_query_is_prerendered_with_the_newest_incidents_and_the_syntax_examples()
    {
        using var client = factory.CreateClient();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.Contains($"href=\"incidents/{SeededSearch.NewestFirst[0].Id}\"", html);
        Assert.Contains($"{RepositoryContent.Incidents.Count} incidents, newest first", html);
        Assert.Contains("href=\"?q=migration%20-postgres\"", html);
    }
}
