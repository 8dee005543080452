using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Core.Rendering;
using Postmortems.Core.Taxonomy;
using Postmortems.Web.Components.Pages.Gaps;

namespace Postmortems.Web.Tests.Gaps;

public sealed class GapPageTests : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _store.Dispose();
    }

    private static readonly GapTaxonomy Taxonomy = TestStore.RepositoryTaxonomy.Value;
    private static readonly DateTimeOffset Today = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private TestStore _store = new();

    public GapPageTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(Taxonomy);
        Services.AddSingleton(_ => _store.Store);
        Services.AddSingleton(_ => _store.Index);
        Services.AddSingleton<MarkdownRenderer>();
        Services.AddSingleton<TimeProvider>(new FixedClock(Today));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Starts again from an empty store whose index files gaps by this taxonomy, which the page then uses.</summary>
    private void UseTaxonomy(GapTaxonomy taxonomy)
    {
        _store.Dispose();
        _store = new TestStore(taxonomy);
        Services.AddSingleton(taxonomy);
    }

    private IRenderedComponent<GapPage> Open(string id, int? page = null)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"gaps/{id}{(page is { } n ? $"?page={n}" : "")}");
        return Render<GapPage>(p => p.Add(c => c.Id, id));
    }

    [Fact]
    public void Shows_the_description_the_checklist_the_signals_and_the_incidents_newest_first()
    {
        var gap = Taxonomy.FindGap("load-testing")!;
        _store.Save(TestStore.Incident("2025-01-10-older", "2025-01-10", ["load-testing"], title: "The older one"));
        _store.Save(TestStore.Incident("2025-03-10-newer", "2025-03-10", ["load-testing", "config-review"], title: "The newer one"));
        _store.Save(TestStore.Incident("2025-02-10-other", "2025-02-10", ["config-review"], title: "Another gap's"));

        var page = Open("load-testing");

        Assert.Equal(gap.Title, page.Find("h1").TextContent.Trim());
        Assert.Contains("load-testing", page.Find("[data-testid=gap-id]").TextContent);
        Assert.Contains("let 2 incidents through", page.Find("[data-testid=gap-total]").TextContent);
        Assert.Contains("A load test drives a system", page.Find("[data-testid=gap-description]").TextContent);
        var steps = page.FindAll("[data-testid=gap-checklist] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(gap.Checklist, steps);
        Assert.Contains("hot request path", page.Find("[data-testid=gap-signals]").TextContent);
        Assert.Contains("thundering herd", page.Find("[data-testid=gap-signal-phrases]").TextContent);

        var rows = page.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("The newer one", rows[0].TextContent);
        Assert.Equal("incidents/2025-03-10-newer", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("The older one", rows[1].TextContent);
        Assert.DoesNotContain("Another gap's", page.Markup);
    }

    [Fact]
    public void Charts_incidents_per_quarter_from_the_first_one_to_today()
    {
        _store.Save(TestStore.Incident("2024-11-02-a", "2024-11-02", ["load-testing"]));
        _store.Save(TestStore.Incident("2024-12-20-b", "2024-12-20T23:30:00Z", ["load-testing"]));
        _store.Save(TestStore.Incident("2025-03-31-c", "2025-03-31T23:59:00Z", ["load-testing"]));

        var periods = GapIncidents.OverTime(_store.Index, Taxonomy.FindGap("load-testing")!, Today);

        Assert.Equal(["2024 Q4", "2025 Q1", "2025 Q2"], periods.Select(p => p.Label));
        Assert.Equal([2, 1, 0], periods.Select(p => p.Count));
        var chart = Open("load-testing").Find("[data-testid=gap-over-time]");
        Assert.NotNull(chart.QuerySelector("svg"));
        Assert.Contains("per quarter", chart.TextContent);
        Assert.Contains("2025 Q2", chart.TextContent);
    }

    [Fact]
    public void Counts_by_year_when_the_incidents_span_more_than_three_years()
    {
        _store.Save(TestStore.Incident("2019-05-02-a", "2019-05-02", ["load-testing"]));
        _store.Save(TestStore.Incident("2024-12-20-b", "2024-12-20", ["load-testing"]));
        _store.Save(TestStore.Incident("2025-01-01-no-date", "2025-01-01", ["load-testing"]).Replace("date: 2025-01-01\n", ""));

        var periods = GapIncidents.OverTime(_store.Index, Taxonomy.FindGap("load-testing")!, Today);

        Assert.Equal(["2019", "2020", "2021", "2022", "2023", "2024", "2025"], periods.Select(p => p.Label));
        Assert.Equal(2, periods.Sum(p => p.Count)); // the undated one is listed, not charted
        Assert.Equal(3, GapIncidents.Count(_store.Index, Taxonomy.FindGap("load-testing")!));
    }

    [Fact]
    public void A_gap_without_incidents_says_so()
    {
        var page = Open("flaky-test");

        Assert.Contains("let 0 incidents through", page.Find("[data-testid=gap-total]").TextContent);
        Assert.Contains("No dated incident names this gap yet", page.Find("[data-testid=gap-over-time]").TextContent);
        Assert.Contains("No incident names this gap yet", page.Markup);
        Assert.Contains("None open", page.Find("[data-testid=gap-action-items]").TextContent);
    }

    [Fact]
    public void Lists_open_action_items_of_the_incidents_shown_overdue_first_with_owner_and_due_date()
    {
        _store.Save(TestStore.Incident("2025-03-10-a", "2025-03-10", ["load-testing"], "", "sev2",
            "- [ ] Load test checkout @bob due:2025-07-01 gap:load-testing",
            "- [ ] Alert on pool saturation @carol due:2025-05-01",
            "- [x] Restore the pool size @dan due:2025-03-11",
            "- [ ] Review config renames @erin gap:config-review"));
        _store.Save(TestStore.Incident("2025-01-10-b", "2025-01-10", ["load-testing"], "", "sev2",
            "- [ ] Size the pool from metrics"));

        var items = Open("load-testing").FindAll("[data-testid=gap-action-items] li");

        Assert.Equal(3, items.Count);
        Assert.Contains("Alert on pool saturation", items[0].TextContent); // overdue
        Assert.Contains("overdue", items[0].ClassList);
        Assert.Contains("due 2025-05-01 (overdue)", items[0].TextContent);
        Assert.Contains("@carol", items[0].TextContent);
        Assert.Contains("Load test checkout", items[1].TextContent);
        Assert.DoesNotContain("overdue", items[1].ClassList);
        Assert.Contains("Size the pool from metrics", items[2].TextContent);
        Assert.Contains("no due date", items[2].TextContent);
        Assert.Equal("incidents/2025-01-10-b", items[2].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Pages_the_incidents_twenty_at_a_time()
    {
        for (var day = 1; day <= 25; day++)
            _store.Save(TestStore.Incident($"2025-01-{day:00}-n{day}", $"2025-01-{day:00}", ["load-testing"]));

        var page = Open("load-testing");

        Assert.Equal(GapPage.PageSize, page.FindAll("tbody tr").Count);
        Assert.Contains("2025-01-25-n25", page.Find("tbody tr").InnerHtml);
        Assert.Contains("1–20 of 25", page.Markup);

        var second = Open("load-testing", page: 2);

        var rows = second.FindAll("tbody tr");
        Assert.Equal(5, rows.Count);
        Assert.Contains("2025-01-01-n1", rows[^1].InnerHtml);
        Assert.Contains("21–25 of 25", second.Markup);
    }

    [Fact]
    public void A_former_id_redirects_to_the_current_one_and_its_incidents_are_counted_under_both()
    {
        var renamed = new Gap("load-testing-at-scale", "No load test at production scale", "testing", ["load-testing"], "Load tests.", ["Run one."], "");
        UseTaxonomy(new GapTaxonomy([renamed], []));
        _store.Save(TestStore.Incident("2025-01-10-old-id", "2025-01-10", ["load-testing"], title: "Named by the old id"));
        _store.Save(TestStore.Incident("2025-02-10-new-id", "2025-02-10", ["load-testing-at-scale"], title: "Named by the new id"));
        var navigation = Services.GetRequiredService<NavigationManager>();

        Open("load-testing", page: 1);

        Assert.Equal("http://localhost/gaps/load-testing-at-scale?page=1", navigation.Uri);

        var page = Open("load-testing-at-scale");
        Assert.Contains("formerly load-testing", page.Find("[data-testid=gap-aliases]").TextContent);
        Assert.Contains("let 2 incidents through", page.Find("[data-testid=gap-total]").TextContent);
        var rows = page.FindAll("tbody tr");
        Assert.Contains("Named by the new id", rows[0].TextContent);
        Assert.Contains("Named by the old id", rows[1].TextContent);
    }

    [Fact]
    public void A_differently_cased_id_redirects_to_the_gap_s_own_address()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();

        Open("Load-Testing");

        Assert.Equal("http://localhost/gaps/load-testing", navigation.Uri);
    }

    [Fact]
    public void An_unknown_gap_says_so_and_suggests_the_nearest_one()
    {
        var page = Open("load-testng");

        Assert.Equal("No gap with id load-testng", page.Find("h1").TextContent.Trim());
        var suggestion = page.FindAll("a").Single(a => a.GetAttribute("href") == "gaps/load-testing");
        Assert.Equal(Taxonomy.FindGap("load-testing")!.Title, suggestion.TextContent.Trim());
    }

    [Fact]
    public void An_unknown_gap_far_from_any_known_id_gets_no_suggestion()
    {
        var page = Open("completely-unrelated-words");

        Assert.Contains("No gap with id completely-unrelated-words", page.Markup);
        Assert.DoesNotContain("Did you mean", page.Markup);
    }
}
