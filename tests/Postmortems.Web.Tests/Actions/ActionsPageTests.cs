using AngleSharp.Dom;
using Bunit;
using Postmortems.Core.Accounts;
using Postmortems.Web.Components.Pages.Actions;
using Postmortems.Web.Tests.Retro;

namespace Postmortems.Web.Tests.Actions;

public sealed class ActionsPageTests : RetroTestContext
{
    private static IElement Row(IRenderedComponent<ActionsPage> page, string text) =>
        page.FindAll("tbody tr").Single(tr => tr.QuerySelector(".action-text")!.TextContent.Trim() == text && tr.GetAttribute("data-incident") != "d-draft");

    private static Task TickBox(IRenderedComponent<ActionsPage> page, string text, bool done) =>
        Row(page, text).QuerySelector("input[type=checkbox]")!.ChangeAsync(done);

    [Fact]
    public async Task A_reader_sees_the_boxes_disabled_and_ticking_one_saves_nothing()
    {
        Authorization.SetRoles(Roles.Reader);
        var page = Open<ActionsPage>("actions");

        Assert.All(page.FindAll("tbody input[type=checkbox]"), box => Assert.True(box.HasAttribute("disabled")));
        Assert.Contains("Only an author can tick items done", page.Find("[data-testid=tick-needs-author]").TextContent);

        await TickBox(page, "Name the gap", done: true);

        Assert.Equal(1, Store.Get("b-no-gap")!.Revision);
        Assert.False(Row(page, "Name the gap").QuerySelector("input[type=checkbox]")!.HasAttribute("checked"));
    }

    [Fact]
    public void Lists_every_item_open_first_with_the_counts_and_overdue_ones_marked()
    {
        var page = Open<ActionsPage>("actions");

        Assert.Equal("9", page.Find("[data-number=total]").TextContent);
        Assert.Equal(("6", "4", "3"), (page.Find("[data-number=open]").TextContent, page.Find("[data-number=overdue]").TextContent, page.Find("[data-number=done]").TextContent));
        var rows = page.FindAll("tbody tr");
        Assert.Equal(9, rows.Count);
        Assert.Equal("d-draft", rows[0].GetAttribute("data-incident"));
        Assert.Contains("overdue", rows[0].ClassList);
        Assert.Contains("2025-01-01 overdue", rows[0].TextContent);
        Assert.Contains("draft", rows[0].QuerySelector(".incident-meta")!.TextContent);
        Assert.Contains("done", rows[^1].ClassList);
        Assert.Contains("2025-07-15 (today, UTC)", page.Markup);
    }

    [Fact]
    public void Filters_come_from_the_address()
    {
        var page = Open<ActionsPage>("actions?owner=bob&state=open&status=published");

        Assert.Equal(["Load test the batch", "Write the runbook"], page.FindAll("tbody tr .action-text").Select(td => td.TextContent.Trim()));
        Assert.NotNull(page.Find("[data-testid=clear-filters]"));

        var overdue = Open<ActionsPage>("actions?overdue=true&gap=alerting");
        Assert.Equal(["Alert on pool saturation"], overdue.FindAll("tbody tr .action-text").Select(td => td.TextContent.Trim()));

        var none = Open<ActionsPage>("actions?owner=nobody");
        Assert.Equal("No action item matches these filters.", none.Find("[data-testid=no-items]").TextContent);
    }

    [Fact]
    public void A_bad_filter_says_so_and_lists_everything()
    {
        var page = Open<ActionsPage>("actions?gap=load-testng");

        Assert.Contains("Gap 'load-testng' is unknown. Did you mean 'load-testing'?", page.Find("[data-testid=filter-error]").TextContent);
        Assert.Equal(9, page.FindAll("tbody tr").Count);
    }

    [Fact]
    public async Task Ticking_an_item_done_rewrites_exactly_its_line_as_a_new_revision()
    {
        var before = Store.Get("b-no-gap")!;
        var line = before.ActionItems.Single().Line;
        var page = Open<ActionsPage>("actions");

        await TickBox(page, "Name the gap", done: true);

        await page.WaitForAssertionAsync(() => Assert.Equal(2, Store.Get("b-no-gap")!.Revision));
        var after = Store.Get("b-no-gap")!;
        ActionsHttpTests.AssertOneLineChanged(before.Markdown, after.Markdown, line, "- [x] Name the gap @dan due:2025-08-01");
        Assert.Equal(SignedInAuthor, after.UpdatedBy);
        await page.WaitForAssertionAsync(() => Assert.Contains("\"Name the gap\" is done (revision 2 of b-no-gap).", page.Find("[data-testid=tick-message]").TextContent));
        Assert.Contains("done", Row(page, "Name the gap").ClassList);
        Assert.Equal("4", page.Find("[data-number=done]").TextContent);
    }

    [Fact]
    public async Task Undo_opens_the_item_again_and_the_text_is_as_it_was()
    {
        var original = Store.Get("b-no-gap")!.Markdown;
        var page = Open<ActionsPage>("actions");
        await TickBox(page, "Name the gap", done: true);
        await page.WaitForAssertionAsync(() => Assert.NotNull(page.Find("[data-testid=undo-tick]")));

        await page.Find("[data-testid=undo-tick] button, button[data-testid=undo-tick]").ClickAsync(new());

        await page.WaitForAssertionAsync(() => Assert.Equal(3, Store.Get("b-no-gap")!.Revision));
        Assert.Equal(original, Store.Get("b-no-gap")!.Markdown);
        await page.WaitForAssertionAsync(() => Assert.Contains("open again", page.Find("[data-testid=tick-message]").TextContent));
    }

    [Fact]
    public async Task Someone_else_s_change_meanwhile_is_shown_clearly_and_nothing_is_saved()
    {
        var page = Open<ActionsPage>("actions");
        var read = Store.Get("a-two-gaps")!;
        Time.Advance(TimeSpan.FromMinutes(5));
        Save(read.Markdown.Replace("What happened in a-two-gaps.", "Carol rewrote the summary."), "carol");
        var changed = Store.Get("a-two-gaps")!;

        await TickBox(page, "Write the runbook", done: true);

        await page.WaitForAssertionAsync(() => Assert.Contains("Nothing was saved", page.Find("[data-testid=tick-message]").TextContent));
        var message = page.Find("[data-testid=tick-message]").TextContent;
        Assert.Contains("carol changed incident 'a-two-gaps' at 2025-07-15 09:05 UTC (revision 2) after revision 1, which this list showed.", message);
        Assert.Contains("tick it again if it still needs it", message);
        Assert.Contains("mud-alert-text-warning", page.Find("[data-testid=tick-message]").ClassName);
        Assert.Empty(page.FindAll("[data-testid=undo-tick]"));
        Assert.Equal(changed.Markdown, Store.Get("a-two-gaps")!.Markdown);
        Assert.Equal(2, Store.Get("a-two-gaps")!.Revision);

        // The list was read again: a second tick goes over the current revision.
        await TickBox(page, "Write the runbook", done: true);
        await page.WaitForAssertionAsync(() => Assert.Equal(3, Store.Get("a-two-gaps")!.Revision));
    }

    [Fact]
    public void Pages_by_twenty_five()
    {
        for (var n = 1; n <= 30; n++)
            Save(RetroFixture.Incident($"many-{n:00}", $"2025-03-{n:00}", "sev3", "load-testing", "scale", "ops", "x", "published", $"- [ ] Item {n:00} @zed"), "fixture");

        var first = Open<ActionsPage>("actions?owner=zed");
        Assert.Equal(ActionsPage.PageSize, first.FindAll("tbody tr").Count);
        Assert.Contains("1–25 of 30", first.Markup);

        var second = Open<ActionsPage>("actions?owner=zed&page=2");
        Assert.Equal(5, second.FindAll("tbody tr").Count);
        Assert.Contains("26–30 of 30", second.Markup);

        var pastTheEnd = Open<ActionsPage>("actions?owner=zed&page=9");
        Assert.Equal(5, pastTheEnd.FindAll("tbody tr").Count);
    }
}
