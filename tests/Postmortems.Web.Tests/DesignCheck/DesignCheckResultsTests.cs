using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Core.DesignCheck;
using Postmortems.Core.Search;
using Postmortems.Web.Components.Pages.DesignCheck;
using Postmortems.Web.Tests.Gaps;

namespace Postmortems.Web.Tests.DesignCheck;

public sealed class DesignCheckResultsTests : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static readonly DesignCheckResult Result = new(
        Incidents:
        [
            new DesignIncident("2025-01-21-orders-lock", "Orders went down under a lock", null, new DateTimeOffset(2025, 1, 21, 0, 0, 0, TimeSpan.Zero), 1.0,
                new DesignWhy(["migration", "lock"], "Root cause", "Root cause: the <b>migration</b> took a lock", [new Highlight(16, 16), new Highlight(40, 4)]),
                ["migration-review"], [], ["state"], []),
            new DesignIncident("2019-07-08-pg-downtime", "15 seconds of API downtime", "icco/data/x.md", null, 0.4,
                new DesignWhy(["migration"], "Summary", "Summary: a fast migration", []),
                [], ["migration-review"], [], ["state"]),
        ],
        Gaps:
        [
            new DesignGap("migration-review", "Schema or data migration not reviewed", "review", "Migrations skip review.", 1.2,
                ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"], ["2019-07-08-pg-downtime"], ["Review the locks.", "Batch the backfill."], InChecklist: true),
        ],
        Checklist:
        [
            new ChecklistItem("Review the locks.", ["migration-review"], ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"]),
            new ChecklistItem("Batch the backfill.", ["migration-review"], ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"]),
        ],
        Differences: [new DesignDifference("state", "State", "Caches, queues, migrations.", 1.2, ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"], ["migration"])],
        Terms: ["migration", "lock"],
        Elapsed: TimeSpan.FromMilliseconds(12));

    public DesignCheckResultsTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(TestStore.RepositoryTaxonomy.Value);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<DesignCheckResults> RenderResults(DesignCheckResult result, Action<string>? copy = null) =>
        Render<DesignCheckResults>(p => p
            .Add(c => c.Result, result)
            .Add(c => c.Markdown, "## Design check")
            .Add(c => c.OnCopy, copy ?? (_ => { })));

    [Fact]
    public void The_snippet_marks_only_the_matched_words_and_the_incidents_text_is_never_markup()
    {
        var results = RenderResults(Result);

        var snippet = results.Find(".dc-incident[data-id='2025-01-21-orders-lock'] [data-testid=why-snippet]");
        Assert.Equal("Root cause", snippet.QuerySelector(".dc-section")!.TextContent);
        Assert.Equal(["<b>migration</b>", "lock"], snippet.QuerySelectorAll("mark").Select(m => m.TextContent));
        Assert.Null(snippet.QuerySelector("b"));
    }

    [Fact]
    public void Suggested_gaps_are_told_apart_from_confirmed_ones()
    {
        var results = RenderResults(Result);

        var confirmed = results.Find(".dc-incident[data-id='2025-01-21-orders-lock'] .dc-gaps");
        var suggested = results.Find(".dc-incident[data-id='2019-07-08-pg-downtime'] .dc-gaps");
        Assert.Contains("let through by", confirmed.TextContent);
        Assert.Contains("suggested gaps", suggested.TextContent);
        Assert.NotNull(suggested.QuerySelector(".dc-suggested"));
        Assert.Contains("nobody has confirmed it", suggested.QuerySelector("a")!.GetAttribute("title"));
        Assert.Contains("incidents 1, 2*", results.Find("[data-gap=migration-review] .dc-gap-incidents").TextContent);
        Assert.NotNull(results.Find("[data-gap=migration-review] [data-testid=in-checklist]"));
    }

    [Fact]
    public void Ticking_steps_counts_them_done_and_a_new_result_starts_a_new_checklist()
    {
        var results = RenderResults(Result);

        results.FindAll(".dc-checklist li input[type=checkbox]")[1].Change(true);

        Assert.Equal("1 of 2 done", results.Find("[data-testid=checklist-progress]").TextContent);
        Assert.Contains("done", results.FindAll(".dc-checklist li")[1].ClassList);
        Assert.Contains("migration-review · incidents 1, 2", results.FindAll(".dc-step-why")[0].TextContent);

        results.Render(p => p.Add(c => c.Result, Result with { Elapsed = TimeSpan.FromMilliseconds(3) }));

        Assert.Equal("0 of 2 done", results.Find("[data-testid=checklist-progress]").TextContent);
    }

    [Fact]
    public void The_differences_say_what_the_design_mentions_and_copy_hands_over_the_markdown()
    {
        string? copied = null;
        var results = RenderResults(Result, text => copied = text);

        var state = results.Find("[data-difference=state]");
        Assert.Contains("This design mentions: migration", state.TextContent);
        results.Find("[data-testid=copy-markdown]").Click();
        Assert.Equal("## Design check", copied);
    }

    [Fact]
    public void Nothing_found_says_so_and_what_to_add()
    {
        var results = RenderResults(new DesignCheckResult([], [], [], [], ["zorblax"], TimeSpan.Zero));

        Assert.Contains("No past incident looks like this change", results.Find("[data-testid=design-nothing]").TextContent);
        Assert.Contains("zorblax", results.Find("[data-testid=design-terms]").TextContent);
        Assert.Empty(results.FindAll("[data-testid=design-markdown]"));
    }
}
