using Bunit;
using Postmortems.Web.Components.Pages.Incidents;
using static Postmortems.Web.Components.Pages.Incidents.HistoryDiff;

namespace Postmortems.Web.Tests.History;

public sealed class HistoryDiffTests : BunitContext
{
    private static string Numbered(int count, Func<int, string>? line = null) =>
        string.Concat(Enumerable.Range(1, count).Select(i => (line ?? (n => $"line {n}"))(i) + "\n"));

    private IRenderedComponent<HistoryDiff> Diff(string oldText, string newText) =>
        Render<HistoryDiff>(p => p.Add(c => c.OldText, oldText).Add(c => c.NewText, newText));

    [Fact]
    public void Lines_are_numbered_in_the_revision_they_belong_to()
    {
        var lines = HistoryDiff.Lines("a\nb\nc\n", "a\nB\nc\nd\n");

        Assert.Equal(
            [
                new DiffLine(LineKind.Unchanged, 1, 1, "a"),
                new DiffLine(LineKind.Removed, 2, null, "b"),
                new DiffLine(LineKind.Added, null, 2, "B"),
                new DiffLine(LineKind.Unchanged, 3, 3, "c"),
                new DiffLine(LineKind.Added, null, 4, "d"),
            ],
            lines);
    }

    [Fact]
    public void Added_lines_are_green_removed_red_and_counted()
    {
        var diff = Diff("title: one\nsame\n", "title: two\nsame\nnew line\n");

        var added = diff.FindAll("tr.diff-added").Select(r => r.QuerySelector(".diff-text")!.TextContent).ToList();
        var removed = diff.FindAll("tr.diff-removed").Select(r => r.QuerySelector(".diff-text")!.TextContent).ToList();
        Assert.Equal(["title: two", "new line"], added);
        Assert.Equal(["title: one"], removed);
        Assert.All(diff.FindAll("tr.diff-added .diff-marker"), m => Assert.Equal("+", m.TextContent));
        Assert.Equal("+2", diff.Find(".diff-stat-added").TextContent);
        Assert.Equal("−1", diff.Find(".diff-stat-removed").TextContent);
    }

    [Fact]
    public void Markup_in_a_revision_is_shown_as_text_never_run()
    {
        var diff = Diff("safe\n", "safe\n<script>alert('x')</script>\n<img src=x onerror=alert(1)>\n");

        Assert.Empty(diff.FindAll("script"));
        Assert.Empty(diff.FindAll("img"));
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;", diff.Markup);
        Assert.Equal("<img src=x onerror=alert(1)>", diff.FindAll("tr.diff-added .diff-text")[1].TextContent);
    }

    [Fact]
    public void Long_runs_of_unchanged_lines_are_folded_and_unfold_on_click()
    {
        var before = Numbered(30);
        var after = before.Replace("line 15\n", "line fifteen\n");

        var diff = Diff(before, after);

        // lines 12-14 and 16-18 are context; 1-11 and 19-30 are folded.
        var folds = diff.FindAll(".diff-fold-button");
        Assert.Equal(2, folds.Count);
        Assert.Contains("11 unchanged lines", folds[0].TextContent);
        Assert.Contains("(1–11)", folds[0].TextContent);
        Assert.Contains("12 unchanged lines", folds[1].TextContent);
        var shown = diff.FindAll("tr.diff-line .diff-text").Select(t => t.TextContent).ToList();
        Assert.Equal(["line 12", "line 13", "line 14", "line 15", "line fifteen", "line 16", "line 17", "line 18"], shown);

        diff.FindAll(".diff-fold-button")[0].Click();

        Assert.Single(diff.FindAll(".diff-fold-button"));
        Assert.Equal("line 1", diff.FindAll("tr.diff-line .diff-text")[0].TextContent);
        Assert.Equal(19, diff.FindAll("tr.diff-line").Count);
    }

    [Fact]
    public void A_single_unchanged_line_between_two_changes_is_shown_not_folded()
    {
        var blocks = HistoryDiff.Blocks(HistoryDiff.Lines(Numbered(9), Numbered(9, n => n is 1 or 9 ? $"changed {n}" : $"line {n}")), context: 3);

        Assert.Single(blocks);
        Assert.False(blocks[0].Folded);
    }

    [Fact]
    public void Everything_is_added_from_nothing_and_removed_by_a_deletion()
    {
        var created = Diff("", "---\nid: a\n---\n");
        var deleted = Diff("---\nid: a\n---\n", "");

        Assert.Equal(3, created.FindAll("tr.diff-added").Count);
        Assert.Empty(created.FindAll("tr.diff-removed, tr.diff-unchanged"));
        Assert.Equal(3, deleted.FindAll("tr.diff-removed").Count);
        Assert.Empty(deleted.FindAll("tr.diff-added, tr.diff-unchanged"));
    }

    [Fact]
    public void Identical_revisions_say_there_is_no_difference()
    {
        var diff = Diff("same\n", "same\n");

        Assert.Contains("No differences", diff.Find("[data-testid=diff-stats]").TextContent);
        Assert.Empty(diff.FindAll("tr.diff-added, tr.diff-removed"));
    }

    [Fact]
    public void Windows_line_endings_do_not_show_as_changes()
    {
        var diff = Diff("a\r\nb\r\n", "a\r\nb\r\nc\r\n");

        Assert.Equal(["c"], diff.FindAll("tr.diff-added .diff-text").Select(t => t.TextContent));
        Assert.Empty(diff.FindAll("tr.diff-removed"));
    }
}
