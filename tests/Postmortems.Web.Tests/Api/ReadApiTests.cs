using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Api;

/// <summary>The read endpoints, over the seeded store (which these tests never change).</summary>
public sealed class ReadApiTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);
    private static readonly IReadOnlyList<Incident> Seed = RepositoryContent.Incidents;

    private async Task<JsonNode> GetJson(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        return expected == HttpStatusCode.OK ? await Json(response, expected) : await Problem(response, expected);
    }

    private static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Incidents_list_newest_first_fifty_at_a_time_with_the_total()
    {
        var page = await GetJson("/api/incidents");

        Assert.Equal(Seed.Count, page["total"]!.GetValue<int>());
        Assert.Equal(50, page["limit"]!.GetValue<int>());
        Assert.Equal(0, page["offset"]!.GetValue<int>());
        var items = page["items"]!.AsArray();
        Assert.Equal(Math.Min(50, Seed.Count), items.Count);
        var dates = items.Select(i => i!["date"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);

        var first = items[0]!.AsObject();
        var incident = Seed.Single(i => i.Id == first["id"]!.GetValue<string>());
        Assert.Equal(["id", "title", "date", "severity", "status", "services", "teams", "gaps", "differences", "source", "kind", "caughtBy", "recurrenceOf"], first.Select(p => p.Key));
        Assert.Equal(incident.Title, first["title"]!.GetValue<string>());
        Assert.Equal(incident.Severity, first["severity"]!.GetValue<string>());
        Assert.Equal(incident.Services, Strings(first["services"]));
        Assert.Equal(incident.Gaps.Select(g => g.Id), Strings(first["gaps"]));
        Assert.Equal(incident.Differences, Strings(first["differences"]));
    }

    [Fact]
    public async Task Each_filter_narrows_the_list_and_the_total()
    {
        var withGap = Seed.Where(i => i.Gaps.Any(g => g.Id == "load-testing")).ToList();
        var sev1 = Seed.Count(i => i.Severity == "sev1");
        var service = Seed.SelectMany(i => i.Services).GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
        var team = Seed.SelectMany(i => i.Teams).GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
        Assert.NotEmpty(withGap);

        var byGap = await GetJson("/api/incidents?gap=load-testing");
        var bySeverity = await GetJson("/api/incidents?severity=sev1");
        var byDifference = await GetJson("/api/incidents?difference=scale");
        var byService = await GetJson($"/api/incidents?service={service}");
        var byTeam = await GetJson($"/api/incidents?team={team}");
        var byStatus = await GetJson("/api/incidents?status=published");
        var combined = await GetJson($"/api/incidents?gap=load-testing&service={service}");

        Assert.Equal(withGap.Count, byGap["total"]!.GetValue<int>());
        Assert.Equal(withGap.Select(i => i.Id).Order(), Ids(byGap).Order());
        Assert.Equal(sev1, bySeverity["total"]!.GetValue<int>());
        Assert.Equal(Seed.Count(i => i.Differences.Contains("scale")), byDifference["total"]!.GetValue<int>());
        Assert.Equal(Seed.Count(i => i.Services.Contains(service)), byService["total"]!.GetValue<int>());
        Assert.Equal(Seed.Count(i => i.Teams.Contains(team)), byTeam["total"]!.GetValue<int>());
        Assert.Equal(Seed.Count(i => i.Status == "published"), byStatus["total"]!.GetValue<int>());
        Assert.Equal(withGap.Count(i => i.Services.Contains(service)), combined["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task From_and_to_are_whole_days_both_included()
    {
        var day = DateOnly.FromDateTime(Seed.First(i => i.Date is not null).Date!.Value.UtcDateTime);
        var text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expected = Seed.Where(i => i.Date is { } d && DateOnly.FromDateTime(d.UtcDateTime) == day).Select(i => i.Id).Order().ToList();
        var since = Seed.Count(i => i.Date is { } d && DateOnly.FromDateTime(d.UtcDateTime) >= day);

        var thatDay = await GetJson($"/api/incidents?from={text}&to={text}");
        var fromThatDay = await GetJson($"/api/incidents?from={text}");

        Assert.Equal(expected, Ids(thatDay).Order());
        Assert.Equal(since, fromThatDay["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_same_order()
    {
        var ten = Ids(await GetJson("/api/incidents?limit=10"));
        var second = await GetJson("/api/incidents?limit=5&offset=5");
        var countOnly = await GetJson("/api/incidents?limit=0");
        var all = await GetJson("/api/incidents?limit=500");

        Assert.Equal(ten[5..], Ids(second));
        Assert.Equal(Seed.Count, second["total"]!.GetValue<int>());
        Assert.Empty(countOnly["items"]!.AsArray());
        Assert.Equal(Seed.Count, countOnly["total"]!.GetValue<int>());
        Assert.Equal(Seed.Count, all["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bad_filters_are_a_400_naming_each_mistake()
    {
        var problem = await GetJson("/api/incidents?limit=501&offset=-1&gap=load-testin&difference=weather&severity=sev9&status=done&from=2026-13-01&to=yesterday",
            HttpStatusCode.BadRequest);

        var detail = Detail(problem);
        Assert.Contains("limit must be from 0 to 500 (got 501)", detail);
        Assert.Contains("offset must be 0 or more", detail);
        Assert.Contains("Gap 'load-testin' is unknown. Did you mean 'load-testing'?", detail);
        Assert.Contains("Difference 'weather' is unknown", detail);
        Assert.Contains("Severity 'sev9' is unknown. Use one of: sev1, sev2, sev3, sev4", detail);
        Assert.Contains("Status 'done' is unknown", detail);
        Assert.Contains("from must be a day written YYYY-MM-DD (got '2026-13-01')", detail);
        Assert.Contains("to must be a day written YYYY-MM-DD (got 'yesterday')", detail);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_a_400_problem_not_an_error_page()
    {
        var problem = await GetJson("/api/incidents?limit=fifty", HttpStatusCode.BadRequest);

        Assert.Contains("limit", Detail(problem), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fifty", Detail(problem));
    }

    [Fact]
    public async Task An_incident_comes_with_its_markdown_exactly_as_stored_and_its_revision_as_etag()
    {
        var file = Directory.EnumerateFiles(Path.Combine(RepositoryContent.Directory, "incidents"), "*.md").Order(StringComparer.Ordinal).First();
        var id = Path.GetFileNameWithoutExtension(file);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/incidents/{id}");
        var incident = await Json(response, HttpStatusCode.OK);

        Assert.Equal(File.ReadAllText(file), incident["markdown"]!.GetValue<string>());
        Assert.Equal(id, incident["id"]!.GetValue<string>());
        Assert.Equal(1, incident["revision"]!.GetValue<int>());
        Assert.Equal("\"1\"", ETag(response)!.Tag);
        foreach (var field in new[] { "title", "date", "severity", "status", "services", "teams", "authors", "gaps", "differences", "tags", "createdAt", "updatedAt", "updatedBy" })
            Assert.True(incident.AsObject().ContainsKey(field), $"no '{field}'");
    }

    [Theory]
    [InlineData("/api/incidents/no-such-incident", "There is no incident with id 'no-such-incident'")]
    [InlineData("/api/incidents/no-such-incident/revisions", "There is no incident with id 'no-such-incident'")]
    [InlineData("/api/gaps/load-testin", "There is no gap with id 'load-testin'. Did you mean 'load-testing'?")]
    [InlineData("/api/no-such-endpoint", "There is no API endpoint GET /api/no-such-endpoint")]
    public async Task Unknown_ids_and_paths_are_404_problems(string path, string detail)
    {
        var problem = await GetJson(path, HttpStatusCode.NotFound);

        Assert.Contains(detail, Detail(problem));
    }

    [Fact]
    public async Task Revisions_say_who_and_when_and_carry_the_markdown_only_when_asked()
    {
        var id = Seed[0].Id!;

        var list = await GetJson($"/api/incidents/{id}/revisions");
        var withMarkdown = await GetJson($"/api/incidents/{id}/revisions?markdown=true");

        var revision = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal(["number", "author", "at", "deleted"], revision.Select(p => p.Key));
        Assert.Equal(1, revision["number"]!.GetValue<int>());
        Assert.False(revision["deleted"]!.GetValue<bool>());
        var full = Assert.Single(withMarkdown["items"]!.AsArray())!;
        Assert.StartsWith("---", full["markdown"]!.GetValue<string>().TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task Gaps_list_the_taxonomy_by_kind_with_how_many_incidents_each_let_through()
    {
        var gaps = (await GetJson("/api/gaps"))["items"]!.AsArray();

        Assert.Equal(Taxonomy.Gaps.Select(g => g.Id), gaps.Select(g => g!["id"]!.GetValue<string>()));
        foreach (var gap in gaps)
        {
            var id = gap!["id"]!.GetValue<string>();
            Assert.Equal(Taxonomy.FindGap(id)!.Title, gap["title"]!.GetValue<string>());
            Assert.Equal(Taxonomy.FindGap(id)!.Kind, gap["kind"]!.GetValue<string>());
            Assert.Equal(Seed.Count(i => i.Gaps.Any(g => g.Id == id)), gap["incidentCount"]!.GetValue<int>());
        }
        Assert.Contains(gaps, g => g!["incidentCount"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task A_gap_has_its_description_checklist_and_former_ids()
    {
        var gap = Taxonomy.Gaps.FirstOrDefault(g => g.Aliases.Count > 0) ?? Taxonomy.Gaps[0];

        var answer = await GetJson($"/api/gaps/{gap.Id}");

        Assert.Equal(gap.Title, answer["title"]!.GetValue<string>());
        Assert.Equal(gap.Description, answer["description"]!.GetValue<string>());
        Assert.Equal(gap.Checklist, Strings(answer["checklist"]));
        Assert.NotEmpty(gap.Checklist);
        Assert.Equal(gap.Aliases, Strings(answer["aliases"]));
        Assert.Equal(Seed.Count(i => i.Gaps.Any(g => g.Id == gap.Id)), answer["incidentCount"]!.GetValue<int>());
        if (gap.Aliases.Count > 0)
            Assert.Equal(gap.Id, (await GetJson($"/api/gaps/{gap.Aliases[0]}"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_only_the_api()
    {
        var document = await GetJson("/openapi/v1.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/incidents", paths);
        Assert.Contains("/api/incidents/{id}", paths);
        Assert.Contains("/api/incidents/{id}/revisions", paths);
        Assert.Contains("/api/gaps", paths);
        Assert.Contains("/api/gaps/{id}", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p));
        var item = document["paths"]!["/api/incidents/{id}"]!;
        Assert.NotNull(item["get"]);
        Assert.NotNull(item["put"]!["requestBody"]!["content"]!["text/markdown"]);
        Assert.NotNull(item["put"]!["responses"]!["412"]);
        Assert.NotNull(item["delete"]);
        var parameters = document["paths"]!["/api/incidents"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["gap", "difference", "service", "team", "severity", "status", "kind", "caught-by", "from", "to", "limit", "offset"], parameters);
        Assert.Equal("Postmortems API", document["info"]!["title"]!.GetValue<string>());
    }
}
