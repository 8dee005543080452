using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Postmortems.Core.Search;
using Postmortems.Web.Components.Pages.Search;

namespace Postmortems.Web.Tests.Search;

public sealed class SearchPageTests : BunitContext, IAsyncLifetime, IClassFixture<SeededSearch>
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private readonly SeededSearch _seeded;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public SearchPageTests(SeededSearch seeded)
    {
        _seeded = seeded;
        Services.AddMudServices();
        Services.AddSingleton(SeededSearch.Taxonomy);
        Services.AddSingleton(seeded.Index);
        Services.AddSingleton<TimeProvider>(_time);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    /// <summary>The page at a URL, as the router would show it (query parameters come from the URL).</summary>
    private IRenderedComponent<SearchPage> Open(string url = "")
    {
        Navigation.NavigateTo(url);
        return Render<SearchPage>();
    }

    /// <summary>The URL's query string, decoded: "?q=dns&amp;gap=load-testing".</summary>
    private string Query => Uri.UnescapeDataString(new Uri(Navigation.Uri).Query);

    private static List<string> HitIds(IRenderedComponent<SearchPage> page) =>
        page.FindAll("[data-testid=results] .search-hit").Select(a => a.GetAttribute("data-id")!).ToList();

    private static string Count(IRenderedComponent<SearchPage> page) => page.Find("[data-testid=result-count]").TextContent.Trim();

    private int Total(string query, params SearchFilter[] filters) =>
        _seeded.Index.Search(new SearchRequest(query, 0) { Filters = filters }).Total;

    [Fact]
    public void With_no_query_it_lists_the_newest_incidents_and_teaches_the_query_syntax()
    {
        var page = Open();

        Assert.Equal($"{RepositoryContent.Incidents.Count} incidents, newest first", Count(page));
        var ids = HitIds(page);
        Assert.Equal(SearchState.PageSize, ids.Count);
        Assert.Equal(SeededSearch.NewestFirst[0].Id, ids[0]);
        Assert.Equal(SeededSearch.NewestFirst.Take(SearchState.PageSize).Select(i => i.Id).Order(), ids.Order());

        var examples = page.FindAll("[data-testid=syntax-help] a[data-example]").Select(a => a.TextContent).ToList();
        Assert.Equal(["connection pool timeout", "\"dns ttl\"", "gap:load-testing", "severity:sev1 year:2025", "migration -postgres"], examples);
        Assert.Equal("?q=severity%3Asev1%20year%3A2025", page.Find("a[data-example='severity:sev1 year:2025']").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=search-message]"));

        page.Find("a[data-example='gap:load-testing']").Click();

        Assert.Equal("?q=gap:load-testing", Query);
        page.WaitForAssertion(() => Assert.Equal($"{Total("gap:load-testing")} incidents match", Count(page)));
        Assert.Empty(page.FindAll("[data-testid=syntax-help]"));
        Assert.Equal("gap:load-testing", page.Find("input[data-testid=search-box]").GetAttribute("value"));
    }

    [Fact]
    public void When_few_incidents_have_most_of_the_words_the_results_go_on_with_partial_matches_marked_as_such()
    {
        var page = Open("?q=" + Uri.EscapeDataString("dns zzyzxqwv flurbotron"));

        Assert.NotEmpty(HitIds(page));
        Assert.Contains("partial match", page.Find("[data-testid=partial-note]").TextContent);
        var first = page.Find("[data-testid=results] .search-hit");
        Assert.Equal("partial match", first.QuerySelector(".hit-partial")!.TextContent);
        Assert.Equal("dns", first.QuerySelector(".matched-word b")!.TextContent);

        var whole = Open("?q=dns");
        Assert.Empty(whole.FindAll("[data-testid=partial-note]"));
        Assert.Empty(whole.FindAll(".hit-partial"));
        Assert.Equal("dns", whole.Find("[data-testid=results] .search-hit .matched-word b").TextContent);
    }

    [Fact]
    public void Results_show_title_link_date_badges_and_the_highlighted_snippet_naming_its_section()
    {
        var page = Open("?q=dns");

        var first = page.Find("[data-testid=results] .search-hit");
        Assert.Equal(SeededSearch.DnsIncident, first.GetAttribute("data-id"));
        var incident = RepositoryContent.Incidents.Single(i => i.Id == SeededSearch.DnsIncident);
        var title = first.QuerySelector(".hit-title a")!;
        Assert.Equal(incident.Title, title.TextContent);
        Assert.Equal($"incidents/{incident.Id}", title.GetAttribute("href"));
        Assert.Equal("2025-04-15", first.QuerySelector(".hit-date")!.TextContent);
        Assert.Equal(incident.Severity, first.QuerySelector(".severity-chip")!.TextContent.Trim());
        Assert.Equal(incident.Status, first.QuerySelector(".hit-status")!.TextContent.Trim());
        Assert.Equal(incident.Gaps.Select(g => $"gaps/{g.Id}"), first.QuerySelectorAll("a.hit-gap").Select(a => a.GetAttribute("href")));
        Assert.Equal(incident.Differences, first.QuerySelectorAll(".hit-difference").Select(d => d.TextContent.Trim()));

        var snippet = first.QuerySelector(".hit-snippet")!;
        var section = snippet.QuerySelector(".hit-section")!.TextContent;
        Assert.Contains(section.TrimEnd(':'), new[] { "Summary", "Root cause", "How it got through", "Title" }.Concat(incident.Sections.Select(s => s.Title)));
        Assert.NotEmpty(snippet.QuerySelectorAll("mark"));
        Assert.Contains(snippet.QuerySelectorAll("mark"), mark => mark.TextContent.Equals("dns", StringComparison.OrdinalIgnoreCase));
        Assert.Equal($"{Total("dns")} incidents match", Count(page));
    }

    [Fact]
    public void Facets_count_the_whole_result_set_and_chips_add_and_remove_filters_in_the_url()
    {
        var page = Open("?q=deploy");
        var total = Total("deploy");
        Assert.True(total > SearchState.PageSize / 2, "the query should match many incidents");

        var expected = _seeded.Index.Search(new SearchRequest("deploy", 0)).Facets["gaps"];
        var gapChips = page.FindAll("[data-facet=gap] a.facet-value");
        Assert.Equal(expected.Take(FacetPanel.Shown).Select(v => (v.Value, v.Count)),
            gapChips.Select(a => (a.GetAttribute("data-value")!, int.Parse(a.QuerySelector(".facet-count")!.TextContent))));
        foreach (var facet in new[] { "severity", "status", "year" }) Assert.NotNull(page.Find($"[data-facet={facet}]"));

        var gap = expected[0];
        page.Find($"[data-facet=gap] a[data-value='{gap.Value}']").Click();

        Assert.Equal($"?q=deploy&gap={gap.Value}", Query);
        page.WaitForAssertion(() => Assert.Equal($"{gap.Count} incidents match", Count(page)));
        var active = page.Find($"[data-testid=active-filters] a[data-facet=gap][data-value='{gap.Value}']");
        Assert.Contains(gap.Value, active.TextContent);
        Assert.Empty(page.FindAll($"[data-facet=gap] a.facet-value[data-value='{gap.Value}']")); // not offered twice

        var severity = _seeded.Index.Search(new SearchRequest("deploy", 0) { Filters = [new SearchFilter("gap", gap.Value)] }).Facets["severity"][0];
        page.Find($"[data-facet=severity] a[data-value='{severity.Value}']").Click();
        Assert.Equal($"?q=deploy&gap={gap.Value}&severity={severity.Value}", Query);
        page.WaitForAssertion(() => Assert.Equal(Plural(severity.Count), Count(page)));

        page.Find($"[data-testid=active-filters] a[data-facet=gap]").Click();

        Assert.Equal($"?q=deploy&severity={severity.Value}", Query);
        page.WaitForAssertion(() => Assert.Equal(Plural(Total("deploy", new SearchFilter("severity", severity.Value))), Count(page)));

        // Each chip was a history entry of its own: back is the search before it.
        Assert.Equal(
            [$"?q=deploy&severity={severity.Value}", $"?q=deploy&gap={gap.Value}&severity={severity.Value}", $"?q=deploy&gap={gap.Value}", "?q=deploy"],
            Navigation.History.Take(4).Select(h => Uri.UnescapeDataString(Navigation.ToAbsoluteUri(h.Uri).Query)));
        Assert.All(Navigation.History.Take(3), h => Assert.False(h.Options.ReplaceHistoryEntry));

        static string Plural(int n) => n == 1 ? "1 incident matches" : $"{n} incidents match";
    }

    [Fact]
    public void Typing_searches_after_a_pause_and_makes_one_history_entry_not_one_per_keystroke()
    {
        var page = Open();
        var entries = Navigation.History.Count;
        var box = page.Find("input[data-testid=search-box]");

        box.Input("dn");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        page.Find("input[data-testid=search-box]").Input("dns");
        _time.Advance(SearchPage.Debounce - TimeSpan.FromMilliseconds(1));

        Assert.Equal("", Query); // still typing: nothing searched yet
        Assert.NotEmpty(page.FindAll("[data-testid=syntax-help]"));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        page.WaitForAssertion(() => Assert.Equal("?q=dns", Query));
        page.WaitForAssertion(() => Assert.Equal(SeededSearch.DnsIncident, HitIds(page)[0]));
        Assert.Equal(entries + 1, Navigation.History.Count);
        Assert.False(Navigation.History.First().Options.ReplaceHistoryEntry);

        page.Find("input[data-testid=search-box]").Input("dns ttl");
        _time.Advance(SearchPage.Debounce);

        page.WaitForAssertion(() => Assert.Equal("?q=dns ttl", Query));
        Assert.True(Navigation.History.First().Options.ReplaceHistoryEntry, "more typing replaces the entry typing made");
        Assert.Equal("dns ttl", page.Find("input[data-testid=search-box]").GetAttribute("value"));

        // Enter commits it: the next words typed are a new entry.
        page.Find("form[role=search]").Submit();
        page.Find("input[data-testid=search-box]").Input("dns ttl cutover");
        _time.Advance(SearchPage.Debounce);

        page.WaitForAssertion(() => Assert.Equal("?q=dns ttl cutover", Query));
        Assert.False(Navigation.History.First().Options.ReplaceHistoryEntry);
    }

    [Fact]
    public void The_back_button_shows_the_earlier_search_in_the_box_and_the_results()
    {
        var page = Open("?q=dns");
        Assert.Equal("dns", page.Find("input[data-testid=search-box]").GetAttribute("value"));

        Navigation.NavigateTo("?q=kubernetes");

        page.WaitForAssertion(() => Assert.Equal("kubernetes", page.Find("input[data-testid=search-box]").GetAttribute("value")));
        Assert.Equal($"{Total("kubernetes")} incidents match", Count(page));
        Assert.DoesNotContain(SeededSearch.DnsIncident, HitIds(page));
    }

    [Fact]
    public void A_malformed_query_shows_the_search_layers_message_inline()
    {
        var page = Open("?q=title:(unclosed");

        var message = page.Find("[data-testid=search-message]");
        Assert.Contains("A '(' is not closed", message.TextContent);
        Assert.Contains("mud-alert-text-warning", message.ClassName);
        Assert.Equal("title:(unclosed", page.Find("input[data-testid=search-box]").GetAttribute("value"));
    }

    [Fact]
    public void A_misspelt_query_offers_did_you_mean_as_a_link_to_that_search()
    {
        var page = Open("?q=kubernetse&severity=sev2");

        Assert.Contains("No incident matches “kubernetse” with this filter.", page.Find("[data-testid=no-results]").TextContent);
        var link = page.Find("[data-testid=did-you-mean] a");
        Assert.Equal("kubernetes", link.TextContent);
        Assert.Equal("?q=kubernetes&severity=sev2", link.GetAttribute("href"));

        link.Click();

        Assert.Equal("?q=kubernetes&severity=sev2", Query);
        page.WaitForAssertion(() => Assert.NotEmpty(HitIds(page)));
        Assert.Equal("kubernetes", page.Find("input[data-testid=search-box]").GetAttribute("value"));
        Assert.Empty(page.FindAll("[data-testid=did-you-mean]"));
    }

    [Fact]
    public void Pages_hold_20_incidents_and_the_page_is_in_the_url()
    {
        var page = Open();
        var firstPage = HitIds(page);

        page.FindAll("[data-testid=paging] button").First(b => b.TextContent.Trim() == "2").Click();

        Assert.Equal("?page=2", Query);
        var total = RepositoryContent.Incidents.Count;
        var secondEnd = Math.Min(total, 2 * SearchState.PageSize);
        page.WaitForAssertion(() => Assert.Equal(secondEnd - SearchState.PageSize, HitIds(page).Count));
        var secondPage = HitIds(page);
        Assert.Empty(firstPage.Intersect(secondPage));
        Assert.Equal(SeededSearch.NewestFirst[secondEnd - 1].Id, secondPage[^1]);
        Assert.Equal("21", page.Find("[data-testid=results]").GetAttribute("start"));
        Assert.Contains($"21–{secondEnd} of {total}", page.Find("[data-testid=paging]").TextContent);

        // A page past the end (an old link) shows the last page there is.
        Navigation.NavigateTo("?page=9");
        var lastPage = SeededSearch.NewestFirst.Skip((total - 1) / SearchState.PageSize * SearchState.PageSize).Select(i => i.Id!).ToList();
        page.WaitForAssertion(() => Assert.Equal(lastPage, HitIds(page)));
    }

    [Fact]
    public void Sorting_by_date_lists_the_matches_newest_first_and_keeps_it_in_the_url()
    {
        var page = Open("?q=timeout");

        page.FindAll("[data-testid=sort] .mud-toggle-item").First(b => b.TextContent.Contains("Newest")).Click();

        Assert.Equal("?q=timeout&sort=date", Query);
        page.WaitForAssertion(() =>
        {
            var dates = page.FindAll(".hit-date").Select(d => d.TextContent).ToList();
            Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        });
    }
}
