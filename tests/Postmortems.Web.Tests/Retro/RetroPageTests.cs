using Bunit;
using Postmortems.Core.Retro;
using Postmortems.Web.Components.Pages.Retro;

namespace Postmortems.Web.Tests.Retro;

public sealed class RetroPageTests : RetroTestContext
{
    private const string Q2 = $"retro?period=custom&from={RetroFixture.From}&to={RetroFixture.To}";

    private static int Number(IRenderedComponent<RetroPage> page, string key) =>
        int.Parse(page.Find($"[data-number='{key}']").TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Shows_the_period_its_comparison_and_how_it_counts()
    {
        var page = Open<RetroPage>(Q2);

        Assert.Equal("2025-04-01 – 2025-06-30 compared with 2025-01-01 – 2025-03-31",
            System.Text.RegularExpressions.Regex.Replace(page.Find("[data-testid=period-range]").TextContent, @"\s+", " ").Trim());
        var rules = page.Find("[data-testid=counting-rules]").TextContent;
        Assert.Contains("drafts, incidents in review and imported ones are not counted", rules);
        Assert.Contains("Days are UTC, and both the first and the last day are included", rules);
        Assert.Contains("From (UTC)", page.Markup); // custom days: the date pickers are there
    }

    [Fact]
    public void Shows_the_counts_the_findings_and_the_sections()
    {
        var page = Open<RetroPage>(Q2);

        Assert.Equal(4, Number(page, "incidents"));
        Assert.Equal(2, Number(page, "previous:incidents"));
        Assert.Contains("▲ up from", page.Find("[data-testid=tile-incidents]").TextContent);
        Assert.Equal(3, Number(page, "gap:load-testing"));
        Assert.Equal(1, Number(page, "without-gap"));
        Assert.Equal(3, Number(page, "cell:load-testing:scale"));
        Assert.Equal(2, Number(page, "actions:overdue"));
        Assert.Contains("67%", page.Find("[data-testid=tile-followed-up]").TextContent);

        var findings = page.FindAll("[data-testid=findings] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, findings.Count);
        Assert.StartsWith("Third incident through load-testing in 2025 Q2", findings[0]);
        Assert.Equal("gaps/load-testing", page.Find("[data-testid=findings] li a.gap-link").GetAttribute("href"));

        Assert.NotNull(page.Find("[data-testid=gaps-chart] svg"));
        Assert.NotNull(page.Find("[data-testid=trend] svg"));
        Assert.Equal(["Incident b-no-gap", "Incident k-date-only", "Incident c-load", "Incident a-two-gaps"],
            page.FindAll("[data-testid=incidents] tbody tr td:nth-child(3)").Select(td => td.TextContent.Trim()));
        var overdue = page.FindAll("[data-testid=overdue-items] tbody tr");
        Assert.Equal(2, overdue.Count);
        Assert.Contains("Alert on pool saturation", overdue[0].TextContent);
    }

    [Fact]
    public void Links_to_the_agenda_the_presenter_view_and_the_action_items()
    {
        var page = Open<RetroPage>(Q2 + "&team=payments");

        Assert.Equal($"api/retro/agenda?from={RetroFixture.From}&to={RetroFixture.To}&team=payments",
            page.Find("[data-testid=agenda-download]").GetAttribute("href"));
        Assert.Equal("retro-2025-04-01-to-2025-06-30.md", page.Find("[data-testid=agenda-download]").GetAttribute("download"));
        Assert.Equal($"retro/present?period=custom&from={RetroFixture.From}&to={RetroFixture.To}&team=payments",
            page.Find("[data-testid=present-link]").GetAttribute("href"));
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "actions?status=published&owner=carol&team=payments");
    }

    [Fact]
    public void A_preset_period_is_measured_from_today_in_utc()
    {
        var page = Open<RetroPage>("retro?period=last-quarter");

        Assert.StartsWith("2025-04-01 – 2025-06-30", page.Find("[data-testid=period-range]").TextContent.Trim());
        Assert.Equal(4, Number(page, "incidents"));
        Assert.DoesNotContain("From (UTC)", page.Markup);

        var lastYear = Open<RetroPage>("retro?period=last-year");
        Assert.StartsWith("2024-01-01 – 2024-12-31", lastYear.Find("[data-testid=period-range]").TextContent.Trim());
        Assert.Equal(1, Number(lastYear, "incidents")); // j, in September 2024
    }

    [Fact]
    public void A_quiet_period_says_so()
    {
        var page = Open<RetroPage>("retro?period=custom&from=2023-01-01&to=2023-03-31");

        Assert.Equal(0, Number(page, "incidents"));
        Assert.Contains("No gap let more than one incident through", page.Find("[data-testid=findings]").TextContent);
        Assert.Contains("No incident in this period names a gap.", page.Find("[data-testid=gaps-chart]").TextContent);
        Assert.Contains("No published incident started in this period.", page.Find("[data-testid=incidents]").TextContent);
    }

    [Fact]
    public void An_unknown_period_says_so_and_shows_the_default()
    {
        var page = Open<RetroPage>("retro?period=fortnight");

        Assert.Contains("'fortnight' is not a period this page knows", page.Find("[data-testid=period-error]").TextContent);
        Assert.StartsWith("2025-04-17 – 2025-07-15", page.Find("[data-testid=period-range]").TextContent.Trim());
    }
}

/// <summary>Many gaps with two incidents each: their findings share one line, so the ones that matter stand out.</summary>
public sealed class RetroPageFindingsTests() : RetroTestContext(withFixture: false)
{
    [Fact]
    public void Gaps_with_just_two_incidents_share_one_line_when_there_are_many_findings()
    {
        string[] twice = ["alerting", "config-review", "contract-testing", "test-data", "rollback-plan", "stale-test", "flaky-test"];
        var day = 1;
        foreach (var gap in twice)
        {
            for (var n = 0; n < 2; n++, day++)
                Save(RetroFixture.Incident($"twice-{day}", $"2025-05-{day:00}", "sev3", gap, "config", "orders", "api"), "fixture");
        }
        for (var n = 0; n < 3; n++, day++)
            Save(RetroFixture.Incident($"thrice-{day}", $"2025-05-{day:00}", "sev2", "load-testing", "scale", "orders", "api"), "fixture");

        var page = Open<RetroPage>($"retro?period=custom&from={RetroFixture.From}&to={RetroFixture.To}");

        var items = page.FindAll("[data-testid=findings] li");
        Assert.Equal(2, items.Count);
        Assert.StartsWith("Third incident through load-testing", items[0].TextContent.Trim());
        var grouped = page.Find("[data-testid=twice-findings]");
        Assert.Contains("Two incidents each in 2025 Q2, none in the previous period:", grouped.TextContent);
        Assert.Equal(twice.Order(), grouped.QuerySelectorAll("a[data-gap]").Select(a => a.GetAttribute("data-gap")!));
    }
}

public sealed class RetroSelectionTests
{
    private static readonly DateOnly Today = new(2025, 7, 15);

    [Fact]
    public void A_preset_and_custom_days_read_and_write_the_same_address()
    {
        var preset = RetroSelection.Read("last-quarter", null, null, " payments ", null, Today);
        Assert.Equal((RetroPresets.LastQuarter, "payments"), (preset.Preset, preset.Request.Team));
        Assert.Equal("period=last-quarter&team=payments", preset.Query());
        Assert.Equal("from=2025-04-01&to=2025-06-30&team=payments", preset.ApiQuery());
        Assert.Equal("period=last-year&team=payments", preset.Query(preset: RetroPresets.LastYear));
        Assert.Equal("period=last-quarter", preset.Query(team: null));

        var custom = RetroSelection.Read("custom", "2025-01-05", "2025-02-05", null, "checkout api", Today);
        Assert.Equal(RetroPresets.Custom, custom.Preset);
        Assert.Equal("period=custom&from=2025-01-05&to=2025-02-05&service=checkout%20api", custom.Query());

        // Days that happen to be a preset's are still shown as asked.
        Assert.Equal(RetroPresets.Custom, RetroSelection.Read("custom", "2025-04-01", "2025-06-30", null, null, Today).Preset);
        Assert.Equal(RetroPresets.LastQuarter, RetroSelection.Read(null, "2025-04-01", "2025-06-30", null, null, Today).Preset);
        Assert.Equal(RetroPresets.Last90Days, RetroSelection.Read(null, null, null, null, null, Today).Preset);
    }
}
