using Bunit;
using Postmortems.Web.Components.Pages.Retro;

namespace Postmortems.Web.Tests.Retro;

/// <summary>The retro's escape rates and recurrences, on the fixture's incidents and near misses.</summary>
public sealed class EscapeRatesSectionTests : RetroTestContext
{
    private const string Q2 = $"retro?period=custom&from={RetroFixture.From}&to={RetroFixture.To}";

    private static string Cell(IRenderedComponent<RetroPage> page, string key) =>
        page.Find($"[data-testid=escape-rates] [data-number='{key}']").TextContent.Trim();

    [Fact]
    public void Each_control_shows_let_through_caught_and_a_rate_only_from_three_records()
    {
        var page = Open<RetroPage>(Q2);

        Assert.Equal(("3", "3"), (Cell(page, "escape:load-testing:let-through"), Cell(page, "escape:load-testing:caught")));
        Assert.Equal(("1", "1"), (Cell(page, "escape:config-review:let-through"), Cell(page, "escape:config-review:caught")));
        Assert.Equal(("0", "1"), (Cell(page, "escape:staged-rollout:let-through"), Cell(page, "escape:staged-rollout:caught")));
        var rates = page.FindAll("[data-testid=escape-rates] tr[data-gap]")
            .ToDictionary(tr => tr.GetAttribute("data-gap")!, tr => tr.QuerySelector("[data-testid=escape-rate]")!.TextContent.Trim());
        Assert.Equal("50%", rates["load-testing"]);
        Assert.Equal("too few to rate", rates["config-review"]);
        Assert.Equal("4", page.Find("[data-number='near-misses']").TextContent);
        var reading = Assert.Single(page.FindAll("[data-testid=escape-readings] li"));
        Assert.Equal("load-testing caught 3 of 6 in 2025 Q2; 3 got through as incidents (escape rate 50%).", reading.TextContent.Trim());
        Assert.Equal("gaps/load-testing", reading.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Near_misses_change_no_incident_count()
    {
        var page = Open<RetroPage>(Q2);

        Assert.Equal("4", page.Find("[data-number='incidents']").TextContent.Trim());
        Assert.Equal("3", page.Find("[data-number='gap:load-testing']").TextContent.Trim());
        Assert.DoesNotContain("Near miss nm-", page.Find("[data-testid=incidents]").TextContent);
    }

    [Fact]
    public void The_recurrences_of_the_period_link_to_the_records_they_repeat()
    {
        var page = Open<RetroPage>(Q2);

        var items = page.FindAll("[data-testid=recurrences] li[data-id]");
        Assert.Equal(["nm-end", "nm-mid"], items.Select(li => li.GetAttribute("data-id")));
        Assert.Contains("Near miss nm-end", items[0].TextContent);
        Assert.Contains("(near miss, 2025-06-30)", items[0].TextContent);
        Assert.Contains("happened again after", items[0].TextContent);
        Assert.Equal(["incidents/nm-end", "incidents/c-load"], items[0].QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void A_team_sees_its_own_near_misses_only()
    {
        var page = Open<RetroPage>(Q2 + "&team=payments");

        Assert.Equal(("2", "2"), (Cell(page, "escape:load-testing:let-through"), Cell(page, "escape:load-testing:caught")));
        Assert.Equal(["nm-mid"], page.FindAll("[data-testid=recurrences] li[data-id]").Select(li => li.GetAttribute("data-id")));
    }
}
