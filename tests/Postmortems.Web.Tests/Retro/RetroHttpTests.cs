using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using System.Text.Json.Nodes;

namespace Postmortems.Web.Tests.Retro;

/// <summary>The retro API, its agenda, the page and the presenter view, on the fixture, against numbers computed from /api/incidents.</summary>
public sealed class RetroHttpTests(RetroAppFactory factory) : IClassFixture<RetroAppFactory>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(RetroFixture.Now.UtcDateTime);

    private const string Q2 = $"from={RetroFixture.From}&to={RetroFixture.To}";

    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> Get(string path)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(path);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private async Task<SortedDictionary<string, int>> Oracle(string? team = null)
    {
        using var client = factory.Client();
        return await new IncidentsApiOracle(client, Today)
            .Numbers(RetroFixture.From, RetroFixture.To, RetroFixture.PreviousFrom, RetroFixture.PreviousTo, team);
    }

    private static void AssertSameNumbers(SortedDictionary<string, int> expected, SortedDictionary<string, int> actual)
    {
        var missing = expected.Keys.Except(actual.Keys).ToList();
        var extra = actual.Keys.Except(expected.Keys).ToList();
        var different = expected.Keys.Intersect(actual.Keys).Where(k => expected[k] != actual[k]).Select(k => $"{k}: {expected[k]} expected, {actual[k]} shown").ToList();
        Assert.True(missing.Count + extra.Count + different.Count == 0,
            $"missing: {string.Join(", ", missing)}\nnot expected: {string.Join(", ", extra)}\ndifferent: {string.Join("; ", different)}");
    }

    [Fact]
    public async Task The_fixture_has_the_known_counts_through_api_incidents()
    {
        var numbers = await Oracle();

        // a (first instant), b (last second), c, k (a date alone); not the draft, the one in review, the imported one,
        // f (a second before the period) or g (the first instant after).
        Assert.Equal(4, numbers["incidents"]);
        Assert.Equal(2, numbers["previous:incidents"]);
        Assert.Equal(3, numbers["gap:load-testing"]); // a has two gaps: it counts here and under config-review
        Assert.Equal(1, numbers["gap:config-review"]);
        Assert.Equal(1, numbers["without-gap"]);
        Assert.Equal(3, numbers["kind:testing"]);
        Assert.Equal(3, numbers["cell:load-testing:scale"]);
        Assert.Equal((7, 3, 4, 2), (numbers["actions:opened"], numbers["actions:done"], numbers["actions:open"], numbers["actions:overdue"]));
        Assert.Equal((3, 2), (numbers["actions:with-gap"], numbers["actions:followed-up"]));
        Assert.Equal(2, numbers["trend:2025-06"]);
    }

    [Fact]
    public async Task Every_number_of_the_api_equals_the_one_computed_from_api_incidents()
    {
        var (status, mediaType, body) = await Get($"/api/retro?{Q2}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        var retro = JsonNode.Parse(body)!;
        AssertSameNumbers(await Oracle(), RetroNumbers.FromApi(retro));
        Assert.Equal(RetroFixture.From, retro["period"]!["from"]!.GetValue<string>());
        Assert.Equal(RetroFixture.PreviousTo, retro["previousPeriod"]!["to"]!.GetValue<string>());
        var gap = retro["gaps"]![0]!;
        Assert.Equal(("load-testing", "No load test at production scale", "testing", 3),
            (gap["id"]!.GetValue<string>(), gap["title"]!.GetValue<string>(), gap["kind"]!.GetValue<string>(), gap["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Every_number_on_the_page_equals_the_one_computed_from_api_incidents()
    {
        var (status, _, html) = await Get($"/retro?period=custom&{Q2}");

        Assert.Equal(HttpStatusCode.OK, status);
        var shown = RetroNumbers.FromPage(html);
        AssertSameNumbers(await Oracle(), shown);
        var rules = Regex.Replace(new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=counting-rules]")!.TextContent, @"\s+", " ");
        Assert.Contains("Counts published incidents only: drafts, incidents in review and imported ones are not counted.", rules);
        Assert.Contains("Days are UTC, and both the first and the last day are included.", rules);
        Assert.Contains("67%", html); // 2 of the 3 incidents with a gap
    }

    [Fact]
    public async Task A_team_s_numbers_equal_the_team_filtered_api_incidents_on_the_api_and_the_page()
    {
        var expected = await Oracle("payments");
        var (_, _, body) = await Get($"/api/retro?{Q2}&team=payments");
        var (_, _, html) = await Get($"/retro?period=custom&{Q2}&team=payments");

        Assert.Equal(2, expected["incidents"]);
        AssertSameNumbers(expected, RetroNumbers.FromApi(JsonNode.Parse(body)!));
        AssertSameNumbers(expected, RetroNumbers.FromPage(html));
    }

    [Fact]
    public async Task The_agenda_is_markdown_for_the_same_period()
    {
        using var client = factory.Client();
        using var response = await client.GetAsync($"/api/retro/agenda?{Q2}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("retro-2025-04-01-to-2025-06-30.md", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("# Retro: 2025-04-01 – 2025-06-30\n", text);
        Assert.Contains("## 1. Incidents: 4 (previous period: 2)", text);
        Assert.Contains("- Third incident through `load-testing` in 2025 Q2", text);
        Assert.Contains("(http://localhost/incidents/a-two-gaps)", text);
    }

    [Fact]
    public async Task The_page_offers_the_agenda_and_the_presenter_view_for_its_period()
    {
        var (_, _, html) = await Get($"/retro?period=custom&{Q2}&team=payments");

        var document = new HtmlParser().ParseDocument(html);
        var agenda = document.QuerySelector("[data-testid=agenda-download]")!;
        Assert.Equal($"api/retro/agenda?{Q2}&team=payments", agenda.GetAttribute("href"));
        Assert.Equal("retro-2025-04-01-to-2025-06-30.md", agenda.GetAttribute("download"));
        Assert.Equal($"retro/present?period=custom&{Q2}&team=payments", document.QuerySelector("[data-testid=present-link]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_presenter_view_has_a_slide_per_section_for_the_same_retro()
    {
        var (status, _, html) = await Get($"/retro/present?period=custom&{Q2}");

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var slide in new[] { "title", "findings", "gaps", "heat-map", "actions", "trend", "incidents", "discuss" })
            Assert.Contains($"data-testid=\"slide-{slide}\"", html);
        Assert.Contains("2025 Q2", html);
        Assert.Contains("Third incident through", html);
        Assert.DoesNotContain("New postmortem", html); // no app bar on a projector
        Assert.Equal("retro?period=custom&from=2025-04-01&to=2025-06-30",
            new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=exit-presenter]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("from=2025-13-01&to=2025-06-30", "from must be a day written YYYY-MM-DD (got '2025-13-01').")]
    [InlineData("from=2025-07-01&to=2025-06-30", "from (2025-07-01) is after to (2025-06-30).")]
    public async Task A_bad_period_is_a_400_that_says_what_is_wrong(string query, string detail)
    {
        foreach (var path in new[] { "/api/retro", "/api/retro/agenda" })
        {
            var (status, mediaType, body) = await Get($"{path}?{query}");

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("application/problem+json", mediaType);
            Assert.Equal(detail, JsonNode.Parse(body)!["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_bad_period_on_the_page_says_so_and_shows_the_default_period()
    {
        var (status, _, html) = await Get("/retro?period=custom&from=2025-13-01&to=2025-06-30");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("from must be a day written YYYY-MM-DD (got &#x27;2025-13-01&#x27;). Showing last 90 days instead.", html);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_retro_and_action_endpoints_and_their_utc_days()
    {
        var (_, _, body) = await Get("/openapi/v1.json");
        var paths = JsonNode.Parse(body)!["paths"]!.AsObject();

        Assert.Contains("/api/retro", paths.Select(p => p.Key));
        Assert.Contains("/api/retro/agenda", paths.Select(p => p.Key));
        Assert.Contains("/api/actions", paths.Select(p => p.Key));
        Assert.Contains("/api/actions/{incidentId}/{line}", paths.Select(p => p.Key));
        Assert.Contains("`from` and `to` are UTC days, both included", paths["/api/retro"]!["get"]!["description"]!.GetValue<string>());
    }
}
