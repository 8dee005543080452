using System.Text;
using Postmortems.Core.Format;
using Postmortems.Core.Retro;

namespace Postmortems.Core.Tests.Retro;

public sealed class ActionItemTests : IDisposable
{
    private readonly RetroFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private ActionItemPage List(ActionItemFilter? filter = null, int skip = 0, int take = 50) =>
        ActionItemList.Query(_fixture.Store, Samples.Taxonomy.Value, filter ?? new ActionItemFilter(), RetroFixture.Today, skip, take);

    [Fact]
    public void Lists_every_item_open_first_with_the_earliest_due_date_first()
    {
        var page = List();

        Assert.Equal((9, 6, 3, 4), (page.Total, page.Open, page.Done, page.Overdue));
        Assert.Equal(
            [
                "Draft item", "Load test the batch", "Alert on pool saturation", "Review config renames", "Name the gap", "Write the runbook",
                "Load test checkout", "Alert on pool saturation", "Fix the pool size",
            ],
            page.Items.Select(i => i.Text));
        Assert.True(page.Items[0].Overdue);
        Assert.Equal(["bob", "carol", "dan", "erin"], page.Owners);
        Assert.Equal(["alerting", "config-review", "load-testing"], page.Gaps);
        Assert.Equal(["orders", "payments", "platform"], page.Teams);
    }

    [Fact]
    public void Filters_by_owner_gap_team_status_state_and_overdue()
    {
        Assert.Equal(["Draft item", "Load test the batch", "Write the runbook", "Load test checkout", "Fix the pool size"],
            List(new ActionItemFilter { Owner = "BOB" }).Items.Select(i => i.Text));
        Assert.Equal(["Draft item", "Write the runbook", "Fix the pool size"],
            List(new ActionItemFilter { Owner = "bob", Gap = ActionItemFilter.NoGap }).Items.Select(i => i.Text));
        Assert.Equal(["Load test the batch", "Load test checkout"],
            List(new ActionItemFilter { Gap = "load-testing", Status = IncidentStatus.Published }).Items.Select(i => i.Text));
        Assert.Equal(["Name the gap"], List(new ActionItemFilter { Team = "orders" }).Items.Select(i => i.Text));
        Assert.Equal(3, List(new ActionItemFilter { State = ActionItemStates.Done }).Total);
        Assert.Equal(6, List(new ActionItemFilter { State = ActionItemStates.Open }).Total);
        Assert.Equal(["Draft item", "Load test the batch", "Alert on pool saturation", "Review config renames"],
            List(new ActionItemFilter { OverdueOnly = true }).Items.Select(i => i.Text));
        Assert.Equal(0, List(new ActionItemFilter { Owner = ActionItemFilter.NoOwner }).Total);
    }

    [Fact]
    public void Pages_keep_the_order_and_the_counts_cover_every_match()
    {
        var all = List().Items;

        var second = List(skip: 3, take: 3);

        Assert.Equal(9, second.Total);
        Assert.Equal(all.Skip(3).Take(3).Select(i => (i.IncidentId, i.Line)), second.Items.Select(i => (i.IncidentId, i.Line)));
        Assert.Empty(List(skip: 9, take: 5).Items);
        Assert.Equal(9, List(take: 0).Total);
    }

    [Fact]
    public void Ticking_an_item_rewrites_only_its_line_as_a_new_revision()
    {
        var before = _fixture.Store.Get("a-two-gaps")!;
        var item = before.ActionItems.Single(a => a.Text == "Review config renames");

        var result = ActionItemTicker.SetDone(_fixture.Store, "a-two-gaps", item.Line, true, "zoe", before.Revision);

        Assert.Equal(TickOutcome.Saved, result.Outcome);
        var after = _fixture.Store.Get("a-two-gaps")!;
        Assert.Equal(before.Revision + 1, after.Revision);
        Assert.Equal("zoe", after.UpdatedBy);
        AssertOnlyLineChanged(before.Markdown, after.Markdown, item.Line,
            "- [x] Review config renames @carol due:2025-07-01 gap:config-review");
        Assert.True(after.ActionItems.Single(a => a.Line == item.Line).Done);
    }

    [Fact]
    public void A_crlf_file_with_a_bom_keeps_every_other_byte()
    {
        var text = "\uFEFF" + RetroFixture.Incident("crlf", "2025-05-02", "sev3", "load-testing", "scale", "orders", "x", "published",
            "- [ ] First @amy", "* [ ] Second @ben due:2025-09-01").Replace("\n", "\r\n");
        _fixture.Save(text);
        var stored = _fixture.Store.Get("crlf")!;
        var second = stored.ActionItems.Single(a => a.Text == "Second");

        ActionItemTicker.SetDone(_fixture.Store, "crlf", second.Line, true, "zoe", stored.Revision);

        var after = _fixture.Store.Get("crlf")!.Markdown;
        AssertOnlyLineChanged(stored.Markdown, after, second.Line, "* [x] Second @ben due:2025-09-01\r");
        Assert.Equal(Encoding.UTF8.GetByteCount(stored.Markdown), Encoding.UTF8.GetByteCount(after));
    }

    [Fact]
    public void A_change_saved_meanwhile_is_a_conflict_and_nothing_is_saved()
    {
        var read = _fixture.Store.Get("a-two-gaps")!;
        var item = read.ActionItems.Single(a => a.Text == "Write the runbook");
        _fixture.Save(read.Markdown.Replace("What happened in a-two-gaps.", "What happened, rewritten by someone else."));
        var current = _fixture.Store.Get("a-two-gaps")!;

        var result = ActionItemTicker.SetDone(_fixture.Store, "a-two-gaps", item.Line, true, "zoe", read.Revision);

        Assert.Equal(TickOutcome.Conflict, result.Outcome);
        Assert.Equal(current.Revision, result.Revision);
        Assert.Contains("fixture changed incident 'a-two-gaps'", result.Message);
        Assert.Contains($"(revision {current.Revision}) after revision {read.Revision}", result.Message);
        Assert.Contains("Nothing was saved", result.Message);
        Assert.Equal(current.Markdown, _fixture.Store.Get("a-two-gaps")!.Markdown);
        Assert.Equal(current.Revision, _fixture.Store.Get("a-two-gaps")!.Revision);
    }

    [Fact]
    public void Unknown_incidents_lines_that_are_not_items_and_items_already_ticked_save_nothing()
    {
        var stored = _fixture.Store.Get("a-two-gaps")!;
        var done = stored.ActionItems.Single(a => a.Done);

        Assert.Equal(TickOutcome.NotFound, ActionItemTicker.SetDone(_fixture.Store, "nope", 3, true, "zoe", null).Outcome);
        Assert.Equal(TickOutcome.Conflict, ActionItemTicker.SetDone(_fixture.Store, "nope", 3, true, "zoe", 4).Outcome);
        var notAnItem = ActionItemTicker.SetDone(_fixture.Store, "a-two-gaps", 2, true, "zoe", stored.Revision);
        Assert.Equal(TickOutcome.NotAnItem, notAnItem.Outcome);
        Assert.Equal("Line 2 of incident 'a-two-gaps' is not an action item (revision 1).", notAnItem.Message);
        Assert.Equal(TickOutcome.Unchanged, ActionItemTicker.SetDone(_fixture.Store, "a-two-gaps", done.Line, true, "zoe", stored.Revision).Outcome);
        Assert.Equal(stored.Revision, _fixture.Store.Get("a-two-gaps")!.Revision);
    }

    /// <summary>The two texts differ in exactly one line, which now reads <paramref name="expected"/>; every other byte is equal.</summary>
    internal static void AssertOnlyLineChanged(string before, string after, int line, string expected)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        Assert.Equal(a.Length, b.Length);
        var changed = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
        Assert.Equal([line - 1], changed);
        Assert.Equal(expected, b[line - 1].TrimStart('\uFEFF'));
        var start = before.IndexOf(a[line - 1], StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(before[..start]), Encoding.UTF8.GetBytes(after[..start]));
        Assert.Equal(Encoding.UTF8.GetBytes(before[(start + a[line - 1].Length)..]), Encoding.UTF8.GetBytes(after[(start + b[line - 1].Length)..]));
    }
}
