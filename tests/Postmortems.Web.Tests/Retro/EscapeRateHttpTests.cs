using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;

namespace Postmortems.Web.Tests.Retro;

/// <summary>The escape rates of the retro API, the retro page and the gap page, against counts from /api/incidents with a kind filter.</summary>
public sealed class EscapeRateHttpTests(RetroAppFactory factory) : IClassFixture<RetroAppFactory>
{
    private const string Q2 = $"from={RetroFixture.From}&to={RetroFixture.To}";

    private async Task<JsonNode> Json(string path)
    {
        using var client = factory.Client();
        return (await client.GetFromJsonAsync<JsonNode>(path))!;
    }

    private async Task<IncidentsApiOracle> Oracle()
    {
        var client = factory.Client();
        return new IncidentsApiOracle(client, DateOnly.FromDateTime(RetroFixture.Now.UtcDateTime));
    }

    [Fact]
    public async Task The_fixture_has_the_known_counts_through_api_incidents_with_a_kind_filter()
    {
        var oracle = await Oracle();

        // a, c, k let it through; nm-start (first instant), nm-mid and nm-end (last second) caught it; not nm-before,
        // nm-after, the draft, nor nm-missed-first, a near miss that names it as a gap.
        Assert.Equal(3, await oracle.Total($"{Q2}&gap=load-testing"));
        Assert.Equal(3, await oracle.Total($"{Q2}&caught-by=load-testing", "near-miss"));
        Assert.Equal(1, await oracle.Total($"{Q2}&caught-by=config-review", "near-miss"));
        Assert.Equal(4, await oracle.Total(Q2, "near-miss"));
        Assert.Equal(1, await oracle.Total($"from=2025-01-01&to=2025-03-31&caught-by=load-testing", "near-miss"));
    }

    [Fact]
    public async Task Every_escape_number_of_the_api_equals_the_one_from_api_incidents_and_the_rate_follows()
    {
        var oracle = await Oracle();
        var retro = await Json($"/api/retro?{Q2}");

        var rates = retro["escapeRates"]!.AsArray().ToDictionary(r => r!["gap"]!.GetValue<string>());
        Assert.Equal(["alerting", "config-review", "load-testing", "staged-rollout"], rates.Keys.Order());
        foreach (var (gap, rate) in rates)
        {
            var letThrough = await oracle.Total($"{Q2}&gap={gap}");
            var caught = await oracle.Total($"{Q2}&caught-by={gap}", "near-miss");
            Assert.Equal((letThrough, caught), (rate!["letThrough"]!.GetValue<int>(), rate["caught"]!.GetValue<int>()));
            var expected = letThrough + caught < 3 ? (double?)null : (double)letThrough / (letThrough + caught);
            Assert.Equal(expected, rate["rate"]?.GetValue<double>());
        }
        Assert.Equal(0.5, rates["load-testing"]!["rate"]!.GetValue<double>());
        Assert.Null(rates["config-review"]!["rate"]);
        Assert.Equal("`load-testing` caught 3 of 6 in 2025 Q2; 3 got through as incidents (escape rate 50%).", rates["load-testing"]!["reading"]!.GetValue<string>());
        Assert.Equal("`config-review` caught 1 and let 1 through in 2025 Q2: too few records for a rate.", rates["config-review"]!["reading"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_twelve_months_of_the_trend_equal_the_monthly_counts_from_api_incidents()
    {
        var oracle = await Oracle();
        var retro = await Json($"/api/retro?{Q2}");
        var loadTesting = retro["escapeRates"]!.AsArray().Single(r => r!["gap"]!.GetValue<string>() == "load-testing")!;

        var months = loadTesting["trend"]!.AsArray();
        Assert.Equal(12, months.Count);
        Assert.Equal("2024-07", months[0]!["month"]!.GetValue<string>());
        foreach (var month in months)
        {
            var start = DateOnly.ParseExact(month!["month"]!.GetValue<string>() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var range = $"from={start:yyyy-MM-dd}&to={start.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
            Assert.Equal(await oracle.Total($"{range}&gap=load-testing"), month["letThrough"]!.GetValue<int>());
            Assert.Equal(await oracle.Total($"{range}&caught-by=load-testing", "near-miss"), month["caught"]!.GetValue<int>());
        }
        Assert.Equal(2, months.Single(m => m!["month"]!.GetValue<string>() == "2025-03")!["letThrough"]!.GetValue<int>() +
                        months.Single(m => m!["month"]!.GetValue<string>() == "2025-03")!["caught"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_retro_page_reads_the_rate_in_plain_words_and_lists_the_recurrences()
    {
        using var client = factory.Client();
        var html = await client.GetStringAsync($"/retro?period=custom&{Q2}");
        var document = new HtmlParser().ParseDocument(html);

        var readings = document.QuerySelector("[data-testid=escape-readings]")!.TextContent;
        Assert.Contains("load-testing caught 3 of 6 in 2025 Q2; 3 got through as incidents (escape rate 50%).", readings);
        Assert.DoesNotContain("config-review", readings); // two records: counts only, no rate
        var recurrences = document.QuerySelector("[data-testid=recurrences]")!;
        Assert.Equal(["nm-end", "nm-mid"], recurrences.QuerySelectorAll("li[data-id]").Select(li => li.GetAttribute("data-id")));
        Assert.Contains("Incident c-load", recurrences.TextContent);
    }

    [Theory]
    [InlineData("load-testing")]
    [InlineData("config-review")]
    public async Task The_gap_page_shows_the_counts_of_its_period_from_api_incidents(string gap)
    {
        var oracle = await Oracle();
        using var client = factory.Client();
        var html = await client.GetStringAsync($"/gaps/{gap}");
        var card = new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=gap-escape-rate]")!;

        // Last 12 months at the fixture's clock: 2024-07-16 to 2025-07-15, which takes in nm-before and nm-after too.
        var period = "from=2024-07-16&to=2025-07-15";
        Assert.Equal(await oracle.Total($"{period}&gap={gap}"), int.Parse(card.QuerySelector("[data-number='escape:let-through']")!.TextContent, CultureInfo.InvariantCulture));
        Assert.Equal(await oracle.Total($"{period}&caught-by={gap}", "near-miss"), int.Parse(card.QuerySelector("[data-number='escape:caught']")!.TextContent, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_agenda_reads_the_rates_and_lists_the_recurrences()
    {
        using var client = factory.Client();
        var agenda = await client.GetStringAsync($"/api/retro/agenda?{Q2}");

        Assert.Contains("### What the controls caught\n\n- `load-testing` caught 3 of 6 in 2025 Q2; 3 got through as incidents (escape rate 50%).\n", agenda);
        Assert.Contains("- [Near miss nm-end](http://localhost/incidents/nm-end) happened again after [Incident c-load](http://localhost/incidents/c-load)\n", agenda);
        Assert.Contains("## 3. Gaps that let incidents through", agenda);
    }
}
