using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Core.Rendering;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;
using Postmortems.Web.Components.Pages.Gaps;

namespace Postmortems.Web.Tests.Gaps;

/// <summary>The escape-rate card of the gap page: incidents let through against near misses caught, over the last 12 months.</summary>
public sealed class GapEscapeRateTests : BunitContext, IAsyncLifetime
{
    private static readonly GapTaxonomy Taxonomy = TestStore.RepositoryTaxonomy.Value;
    private static readonly DateTimeOffset Today = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestStore _store = new();

    public GapEscapeRateTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(Taxonomy);
        Services.AddSingleton(_ => _store.Store);
        Services.AddSingleton(_ => _store.Index);
        Services.AddSingleton<MarkdownRenderer>();
        Services.AddSingleton<TimeProvider>(new FixedClock(Today));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _store.Dispose();
    }

    private IRenderedComponent<GapPage> Open(string id)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"gaps/{id}");
        return Render<GapPage>(p => p.Add(c => c.Id, id));
    }

    private static int Number(IRenderedComponent<GapPage> page, string key) =>
        int.Parse(page.Find($"[data-testid=gap-escape-rate] [data-number='{key}']").TextContent, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Shows_what_the_control_caught_against_what_it_let_through_in_words_and_a_rate()
    {
        // Last 12 months at 2025-06-01: 2024-06-02 to 2025-06-01, both days included.
        _store.Save(TestStore.Incident("let-first-day", "2024-06-02", ["load-testing"]));
        _store.Save(TestStore.Incident("let-too-early", "2024-06-01T23:59:59Z", ["load-testing"]));
        _store.Save(RetroIncidents.NearMiss("caught-1", "2025-01-10", "load-testing", "payments"));
        _store.Save(RetroIncidents.NearMiss("caught-2", "2025-06-01T23:59:59Z", "load-testing, config-review", "payments"));
        _store.Save(RetroIncidents.NearMiss("caught-3", "2025-03-03", "load-testing", "payments"));
        _store.Save(RetroIncidents.NearMiss("caught-draft", "2025-03-04", "load-testing", "payments", status: "draft"));
        _store.Save(RetroIncidents.NearMiss("missed-first", "2025-03-05", "staged-rollout", "payments", extra: "gaps: [load-testing]"));

        var page = Open("load-testing");

        Assert.Equal(1, Number(page, "escape:let-through"));
        Assert.Equal(3, Number(page, "escape:caught"));
        Assert.Equal("25%", page.Find("[data-testid=escape-rate-value]").TextContent);
        Assert.Equal("load-testing caught 3 of 4 in the last 365 days; 1 got through as an incident (escape rate 25%).",
            page.Find("[data-testid=escape-reading]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=gap-escape-rate] svg"));
        // The near miss that names it as a gap is not in the list of incidents it let through.
        Assert.DoesNotContain("missed-first", page.Find("#incidents").ParentElement!.TextContent);
    }

    [Fact]
    public void Under_three_records_shows_the_counts_and_no_rate()
    {
        _store.Save(TestStore.Incident("let-once", "2025-02-02", ["config-review"]));
        _store.Save(RetroIncidents.NearMiss("caught-once", "2025-02-03", "config-review", "payments"));

        var page = Open("config-review");

        Assert.Equal((1, 1), (Number(page, "escape:let-through"), Number(page, "escape:caught")));
        Assert.Equal("not shown under 3 records", page.Find("[data-testid=escape-rate-value]").TextContent);
        Assert.Contains("too few records for a rate", page.Find("[data-testid=escape-reading]").TextContent);
        Assert.DoesNotContain("%", page.Find("[data-testid=gap-escape-rate]").TextContent);
    }

    [Fact]
    public void Offers_to_record_a_near_miss_from_its_template()
    {
        var page = Open("load-testing");

        Assert.Equal("incidents/new?kind=near-miss", page.Find("[data-testid=new-near-miss]").GetAttribute("href"));
        Assert.Equal("load-testing caught nothing and let nothing through in the last 365 days.", page.Find("[data-testid=escape-reading]").TextContent.Trim());
    }
}
