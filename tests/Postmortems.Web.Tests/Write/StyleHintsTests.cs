using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Postmortems.Core.Format;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

/// <summary>The blameless-wording hints beside the editor's text (StyleHints), as one types.</summary>
public sealed class StyleHintsTests : EditorTestContext
{
    private static IReadOnlyList<(string? Rule, string? Line, string? Column)> Hints(IRenderedComponent<IncidentEditor> editor) =>
        editor.FindAll("[data-testid=style-hints] li.style-finding")
            .Select(li => (li.GetAttribute("data-rule"), li.GetAttribute("data-line"), li.GetAttribute("data-column"))).ToList();

    [Fact]
    public void Blameless_text_has_no_hints()
    {
        var editor = RenderEditor(Samples.Draft());

        Assert.Empty(Hints(editor));
        Assert.Contains("No blameless-wording hints", editor.Find("[data-testid=style-hints]").TextContent);
    }

    [Fact]
    public async Task Hints_follow_the_typing_after_the_same_pause_as_the_problems_with_line_and_column()
    {
        var editor = RenderEditor(Samples.Draft());
        var blaming = Samples.Draft().Replace("after the deploy.", "after the deploy. Obviously it was human error.");

        await Input(editor, blaming);
        Time.Advance(IncidentEditor.Debounce - TimeSpan.FromMilliseconds(1));

        Assert.Empty(Hints(editor)); // still typing

        Time.Advance(TimeSpan.FromMilliseconds(1));

        var line = blaming.Split('\n')[13];
        string Column(string word) => (line.IndexOf(word, StringComparison.Ordinal) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        editor.WaitForAssertion(() => Assert.Equal([("Blameless.Hindsight", "14", Column("Obviously")), ("Blameless.HumanError", "14", Column("human error"))], Hints(editor)));
        var first = editor.Find("[data-testid=style-hints] li.style-finding");
        Assert.Contains("'Obviously' is hindsight", first.TextContent);
        Assert.Contains("2 blameless-wording hints (they never stop a save)", editor.Find("[data-testid=style-summary]").TextContent);
        Assert.Equal(EditorStates.Valid, StateOf(editor)); // hints are not problems

        await Type(editor, Samples.Draft());

        Assert.Empty(Hints(editor));
    }

    [Fact]
    public async Task A_rewording_is_offered_where_the_rule_has_one()
    {
        var editor = RenderEditor(Samples.Draft());

        await Type(editor, Samples.Draft().Replace("Every node missed", "The root cause was that every node missed"));

        var hint = editor.Find("[data-testid=style-hints] li.style-finding");
        Assert.Equal("Blameless.RootCause", hint.GetAttribute("data-rule"));
        Assert.Contains("Try “one contributing factor was”.", hint.TextContent);
    }

    [Fact]
    public async Task An_author_named_as_the_subject_of_a_failure_is_a_hint()
    {
        var withAuthors = Samples.Draft().Replace("severity: sev2\n", "severity: sev2\nauthors: [lena]\n");
        var editor = RenderEditor(withAuthors);

        await Type(editor, withAuthors.Replace("Every node missed the cache at once after the deploy.", "Lena skipped the cache warm-up."));

        Assert.Equal([("Blameless.NamedPerson", "15", "1")], Hints(editor));
    }

    [Fact]
    public async Task Clicking_a_hint_selects_its_line_in_the_editor()
    {
        var editor = RenderEditor(Samples.Draft().Replace("after the deploy.", "after the deploy. We should have tested it."));

        await editor.Find("[data-testid=style-hints] li.style-finding button").ClickAsync(new MouseEventArgs());

        var call = Assert.Single(Draft.Invocations["goToLine"]);
        Assert.Equal(14, call.Arguments[1]);
    }

    [Fact]
    public async Task Publishing_lists_the_hints_that_remain_and_is_not_blocked_by_them()
    {
        var text = Samples.Complete(status: IncidentStatus.Draft, extra: " It was human error.");
        var editor = RenderEditor(text);

        Assert.Single(Hints(editor));

        await editor.Find("[data-testid=publish]").ClickAsync(new MouseEventArgs());

        Assert.Equal(1, Saver.Calls);
        var stored = Store.Get("2026-03-11-pool-default");
        Assert.NotNull(stored);
        Assert.Equal(IncidentStatus.Published, stored.Status);
        Assert.Contains("It was human error.", stored.Markdown);
    }

    [Fact]
    public void In_review_the_remaining_hints_say_they_do_not_block_the_review()
    {
        var editor = RenderEditor(Samples.Complete(status: IncidentStatus.InReview, extra: " It was human error."));

        Assert.Contains("1 blameless-wording hint left in this in-review incident: worth a look, they do not block the review.",
            editor.Find("[data-testid=style-summary]").TextContent);
    }
}
