using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Core.Rendering;
using Postmortems.Core.Taxonomy;
using Postmortems.Web.Components.Pages.Gaps;

namespace Postmortems.Web.Tests.Gaps;

public sealed class GapsPageTests : BunitContext, IAsyncLifetime
{
    // MudBlazor registers services that can only be disposed asynchronously; xunit 2 would call Dispose().
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _store.Dispose();
    }

    private static readonly GapTaxonomy Taxonomy = TestStore.RepositoryTaxonomy.Value;
    private TestStore _store = new();

    public GapsPageTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(Taxonomy);
        Services.AddSingleton(_ => _store.Index);
        Services.AddSingleton<MarkdownRenderer>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Starts again from an empty store whose index files gaps by this taxonomy, which the page then uses.</summary>
    private void UseTaxonomy(GapTaxonomy taxonomy)
    {
        _store.Dispose();
        _store = new TestStore(taxonomy);
        Services.AddSingleton(taxonomy);
    }

    [Fact]
    public void Gaps_are_grouped_by_kind_in_taxonomy_order_each_with_its_incident_count()
    {
        _store.Save(TestStore.Incident("2025-01-10-a", "2025-01-10", ["load-testing"]));
        _store.Save(TestStore.Incident("2025-02-10-b", "2025-02-10", ["load-testing", "config-review"]));
        _store.Save(TestStore.Incident("2025-03-10-c", "2025-03-10", ["load-testing"]));
        _store.Save(TestStore.Incident("2025-04-10-d", "2025-04-10", ["config-review"]));

        var page = Render<GapsPage>();

        var kinds = page.FindAll("section.gap-kind").Select(s => s.GetAttribute("data-kind") ?? "").ToList();
        Assert.Equal(GapKind.All, kinds);
        foreach (var gap in Taxonomy.Gaps)
        {
            var row = page.Find($"section[data-kind={gap.Kind}] li[data-gap={gap.Id}]");
            Assert.Contains(gap.Title, row.TextContent);
            Assert.Equal($"gaps/{gap.Id}", row.QuerySelector("a")!.GetAttribute("href"));
            Assert.Contains(GapText.OneLine(gap.Description), row.TextContent);
        }
        Assert.Equal("3", Count(page, "load-testing"));
        Assert.Equal("2", Count(page, "config-review"));
        Assert.Equal("0", Count(page, "flaky-test"));
    }

    [Fact]
    public void Within_a_kind_the_gaps_that_let_most_incidents_through_come_first_and_lead_the_chart()
    {
        _store.Save(TestStore.Incident("2025-01-10-a", "2025-01-10", ["test-data"]));
        _store.Save(TestStore.Incident("2025-02-10-b", "2025-02-10", ["test-data", "alerting"]));
        _store.Save(TestStore.Incident("2025-03-10-c", "2025-03-10", ["stale-test"]));

        var page = Render<GapsPage>();

        var testing = page.FindAll("section[data-kind=testing] li.gap-row").Select(r => r.GetAttribute("data-gap")).ToList();
        Assert.Equal(["test-data", "stale-test"], testing.Take(2));
        var chart = page.Find("[data-testid=gaps-chart]");
        Assert.NotNull(chart.QuerySelector("svg"));
        var labels = chart.QuerySelectorAll("text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("test-data", labels);
        Assert.Contains("alerting", labels);
        Assert.DoesNotContain("flaky-test", labels); // only gaps with incidents are charted
        Assert.True(labels.IndexOf("test-data") < labels.IndexOf("stale-test"));
        Assert.Equal("1", Count(page, "alerting"));
        Assert.Equal("incident", page.Find("li[data-gap=alerting] .gap-count-unit").TextContent.Trim());
        Assert.Equal("incidents", page.Find("li[data-gap=test-data] .gap-count-unit").TextContent.Trim());
    }

    [Fact]
    public void An_empty_store_shows_every_gap_with_zero_and_no_chart()
    {
        var page = Render<GapsPage>();

        Assert.Equal(Taxonomy.Gaps.Count, page.FindAll("li.gap-row").Count);
        Assert.All(page.FindAll("[data-testid=gap-count]"), c => Assert.Equal("0", c.TextContent));
        Assert.Empty(page.FindAll("[data-testid=gaps-chart]"));
    }

    [Fact]
    public void A_renamed_gap_counts_the_incidents_that_still_name_it_by_its_old_id()
    {
        var renamed = new Gap("load-testing-at-scale", "No load test at production scale", "testing", ["load-testing"], "Load tests.", ["Run one."], "");
        UseTaxonomy(new GapTaxonomy([renamed], []));
        _store.Save(TestStore.Incident("2025-01-10-a", "2025-01-10", ["load-testing"]));
        _store.Save(TestStore.Incident("2025-02-10-b", "2025-02-10", ["load-testing-at-scale"]));

        var page = Render<GapsPage>();

        Assert.Equal("2", Count(page, "load-testing-at-scale"));
    }

    [Theory]
    [InlineData("A load test drives a system. Without one, nothing.", "A load test drives a system.")]
    [InlineData("Uses `code` and [a link](https://example.com), e.g. this one. Next.", "Uses code and a link, e.g. this one.")]
    [InlineData("One paragraph\nwrapped.\n\nSecond paragraph.", "One paragraph wrapped.")]
    public void One_line_descriptions_are_the_first_sentence_as_plain_text(string description, string expected) =>
        Assert.Equal(expected, GapText.OneLine(description));

    [Fact]
    public void A_long_first_sentence_is_cut_at_a_word()
    {
        var line = GapText.OneLine(string.Join(' ', Enumerable.Repeat("word", 100)), max: 50);

        Assert.EndsWith("word…", line);
        Assert.True(line.Length <= 51);
    }

    private static string Count(IRenderedComponent<GapsPage> page, string gap) =>
        page.Find($"li[data-gap={gap}] [data-testid=gap-count]").TextContent.Trim();
}
