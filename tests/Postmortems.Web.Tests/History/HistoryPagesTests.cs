using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Web.Components.Pages.Incidents;
using Postmortems.Web.Tests.Gaps;

namespace Postmortems.Web.Tests.History;

public sealed class HistoryPagesTests : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _store.Dispose();
    }

    private const string Id = "2025-03-14-checkout";
    private readonly FixedClock _clock = new(new DateTimeOffset(2025, 3, 15, 9, 30, 0, TimeSpan.Zero));
    private readonly TestStore _store;

    public HistoryPagesTests()
    {
        _store = new TestStore(clock: _clock);
        Services.AddMudServices();
        Services.AddSingleton(_store.Store);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static string Version(string title, string summary) =>
        TestStore.Incident(Id, "2025-03-14", ["load-testing"], title: title).Replace($"What happened in {Id}.", summary);

    /// <summary>Three revisions by three authors, an hour apart.</summary>
    private void SaveThreeRevisions()
    {
        _store.Save(Version("Checkout timed out", "First draft."), "alice");
        _clock.Now = _clock.Now.AddHours(1);
        _store.Save(Version("Checkout timed out", "Pool exhausted."), "bob");
        _clock.Now = _clock.Now.AddHours(1);
        _store.Save(Version("Checkout timed out at peak", "Pool exhausted."), "carol");
    }

    [Fact]
    public void The_card_lists_revisions_newest_first_with_author_time_and_a_link_to_what_each_changed()
    {
        SaveThreeRevisions();

        var card = Render<HistoryCard>(p => p.Add(c => c.IncidentId, Id));

        var rows = card.FindAll("li.revision");
        Assert.Equal(["3", "2", "1"], rows.Select(r => r.GetAttribute("data-revision")));
        Assert.Contains("carol", rows[0].TextContent);
        Assert.Contains("2025-03-15 11:30 UTC", rows[0].TextContent);
        Assert.Contains("alice", rows[2].TextContent);
        Assert.Equal($"incidents/{Id}/history?from=2&to=3", rows[0].QuerySelector("a.revision-diff, .revision-diff")!.GetAttribute("href"));
        Assert.Equal($"incidents/{Id}/history?from=0&to=1", rows[2].QuerySelector(".revision-diff")!.GetAttribute("href"));
        Assert.Contains("created", rows[2].TextContent);
        Assert.Empty(card.FindAll(".revision-deleted"));
        Assert.Contains(card.FindAll("a"), a => a.TextContent.Contains("Compare revisions") && a.GetAttribute("href") == $"incidents/{Id}/history");
    }

    [Fact]
    public void The_card_marks_a_deletion_and_keeps_to_the_newest_revisions()
    {
        for (var i = 1; i <= HistoryCard.MaxShown + 1; i++) _store.Save(Version("Checkout", $"Version {i}."), "alice");
        _store.Store.Delete(Id, "admin");

        var card = Render<HistoryCard>(p => p.Add(c => c.IncidentId, Id));

        var rows = card.FindAll("li.revision");
        Assert.Equal(HistoryCard.MaxShown, rows.Count);
        Assert.Contains("deleted", rows[0].ClassList);
        Assert.Contains("admin", rows[0].TextContent);
        Assert.NotNull(rows[0].QuerySelector(".revision-deleted"));
        Assert.Contains($"All {HistoryCard.MaxShown + 2} revisions", card.Markup);
    }

    private IRenderedComponent<HistoryPage> History(string id, int? from = null, int? to = null)
    {
        var query = from is null && to is null ? "" : $"?from={from}&to={to}";
        Services.GetRequiredService<NavigationManager>().NavigateTo($"incidents/{id}/history{query}");
        return Render<HistoryPage>(p => p.Add(c => c.Id, id));
    }

    [Fact]
    public void The_history_page_shows_what_the_latest_revision_changed_by_default()
    {
        SaveThreeRevisions();

        var page = History(Id);

        Assert.Contains("History of “Checkout timed out at peak”", page.Find("h1").TextContent);
        Assert.Equal("From r2 to r3", page.Find("[data-testid=diff-title]").TextContent.Trim());
        Assert.Equal(["title: Checkout timed out at peak"], page.FindAll("tr.diff-added .diff-text").Select(t => t.TextContent));
        Assert.Equal(["title: Checkout timed out"], page.FindAll("tr.diff-removed .diff-text").Select(t => t.TextContent));
        Assert.Equal(["3", "2", "1"], page.FindAll(".history-revisions li").Select(li => li.GetAttribute("data-revision")));
    }

    [Fact]
    public void Any_two_revisions_can_be_compared()
    {
        SaveThreeRevisions();

        var page = History(Id, from: 1, to: 3);

        Assert.Equal("From r1 to r3", page.Find("[data-testid=diff-title]").TextContent.Trim());
        var added = page.FindAll("tr.diff-added .diff-text").Select(t => t.TextContent).ToList();
        Assert.Contains("title: Checkout timed out at peak", added);
        Assert.Contains("Pool exhausted.", added);
        Assert.Contains("First draft.", page.FindAll("tr.diff-removed .diff-text").Select(t => t.TextContent));
    }

    [Fact]
    public void Choosing_other_revisions_puts_them_in_the_address()
    {
        SaveThreeRevisions();
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = History(Id);

        var from = page.FindComponents<MudBlazor.MudSelect<int>>()[0];
        page.InvokeAsync(() => from.Instance.ValueChanged.InvokeAsync(1));

        Assert.Equal($"http://localhost/incidents/{Id}/history?from=1&to=3", navigation.Uri);
    }

    [Fact]
    public void The_first_revision_compares_with_nothing()
    {
        _store.Save(Version("Checkout", "Only version."), "alice");

        var page = History(Id);

        Assert.Equal("What r1 added", page.Find("[data-testid=diff-title]").TextContent.Trim());
        Assert.Empty(page.FindAll("tr.diff-removed"));
        Assert.Contains("Only version.", page.FindAll("tr.diff-added .diff-text").Select(t => t.TextContent));
    }

    [Fact]
    public void A_revision_that_does_not_exist_is_named_with_the_range_that_does()
    {
        SaveThreeRevisions();

        var page = History(Id, from: 1, to: 9);

        Assert.Equal("This incident has no revision r9: its revisions are r1 to r3. Pick two above.", page.Find("[data-testid=diff-problem]").TextContent.Trim());
        Assert.Empty(page.FindAll("table.diff-table"));
    }

    [Fact]
    public void A_deleted_incident_keeps_its_history()
    {
        SaveThreeRevisions();
        _store.Store.Delete(Id, "admin");

        var page = History(Id);

        Assert.Contains("This incident was deleted", page.Markup);
        Assert.Contains("History of “Checkout timed out at peak”", page.Find("h1").TextContent);
        Assert.StartsWith("From r3 to r4 (a deletion", page.Find("[data-testid=diff-title]").TextContent.Trim());
        Assert.Empty(page.FindAll("tr.diff-added"));
        Assert.Contains("title: Checkout timed out at peak", page.FindAll("tr.diff-removed .diff-text").Select(t => t.TextContent));
    }

    [Fact]
    public void An_incident_never_saved_has_no_history()
    {
        var page = History("no-such-incident");

        Assert.Equal("No history for an incident with id no-such-incident", page.Find("h1").TextContent.Trim());
    }
}
