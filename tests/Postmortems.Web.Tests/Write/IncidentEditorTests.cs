using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

public sealed class IncidentEditorTests : EditorTestContext
{
    [Fact]
    public void Valid_text_shows_no_problems_and_a_sanitized_preview()
    {
        var text = Samples.Draft().Replace("at once after the deploy.", "at once after the deploy.<script>alert(1)</script> [x](javascript:alert(2))");

        var editor = RenderEditor(text);

        Assert.Equal(EditorStates.Valid, StateOf(editor));
        Assert.Contains("No problems for a draft incident", editor.Find("[data-testid=problems]").TextContent);
        var preview = editor.Find("[data-testid=preview]");
        Assert.Contains("Every node missed the cache", preview.TextContent);
        Assert.Null(preview.QuerySelector("script"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml);
        Assert.DoesNotContain("title: Cache stampede", preview.TextContent); // the front matter is not body text
    }

    [Fact]
    public async Task Problems_follow_the_typing_after_a_pause_with_their_lines()
    {
        var editor = RenderEditor(Samples.Draft());
        var broken = Samples.Draft().Replace("severity: sev2", "severity: sev9").Replace("id: load-testing", "id: load-testin");

        await Input(editor, broken);
        Time.Advance(IncidentEditor.Debounce - TimeSpan.FromMilliseconds(1));

        Assert.Equal(EditorStates.Valid, StateOf(editor)); // still typing: nothing validated yet

        Time.Advance(TimeSpan.FromMilliseconds(1));

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.Invalid, StateOf(editor)));
        var problems = editor.FindAll("[data-testid=problems] > ul > li.problem");
        Assert.Equal(2, problems.Count);
        Assert.Equal("5", problems[0].GetAttribute("data-line"));
        Assert.Contains("Line 5", problems[0].TextContent);
        Assert.Contains("Severity 'sev9' is unknown", problems[0].TextContent);
        Assert.Equal("8", problems[1].GetAttribute("data-line"));
        Assert.Contains("Did you mean 'load-testing'?", problems[1].TextContent);
        Assert.Equal(broken, TextOf(editor));
    }

    [Fact]
    public async Task Clicking_a_problem_selects_its_line_in_the_editor()
    {
        var editor = RenderEditor(Samples.Draft().Replace("severity: sev2", "severity: sev9"));

        await editor.Find("[data-testid=problems] > ul > li.problem button").ClickAsync(new MouseEventArgs());

        var call = Assert.Single(Draft.Invocations["goToLine"]);
        Assert.Equal(5, call.Arguments[1]);
    }

    [Fact]
    public async Task Publishing_an_incomplete_draft_is_refused_with_every_problem_and_loses_nothing()
    {
        var editor = RenderEditor(Samples.Draft());

        await editor.Find("[data-testid=publish]").ClickAsync(new MouseEventArgs());

        Assert.Equal(EditorStates.Invalid, StateOf(editor));
        Assert.Equal(0, Saver.Calls);
        Assert.Contains("it from being published", editor.Find("[data-testid=save-blocked]").TextContent);
        var messages = editor.FindAll("[data-testid=problems] > ul > li.problem").Select(li => li.TextContent).ToList();
        Assert.Contains(messages, m => m.Contains("Required section '## Impact' is missing"));
        Assert.Contains(messages, m => m.Contains("does not say what differed between dev and prod"));
        // Only the status line changed; every other character is as typed, and the browser has it too.
        Assert.Equal(Samples.Draft().Replace("status: draft", "status: published"), TextOf(editor));
        Assert.Equal(TextOf(editor), BrowserTextAfterServerEdits(Samples.Draft()));
        Assert.Null(Store.Get("2026-03-10-cache-stampede"));
    }

    [Fact]
    public void Saving_shows_that_it_is_saving_then_clears_the_browser_copy_and_opens_the_incident()
    {
        var editor = RenderEditor(Samples.Complete(status: "draft"));
        Saver.Hold();

        editor.Find("[data-testid=publish]").Click();

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.Saving, StateOf(editor)));
        Assert.True(editor.Find("[data-testid=save]").HasAttribute("disabled"));
        Assert.True(editor.Find("textarea#incident-markdown").HasAttribute("readonly"));
        Assert.Contains("Saving", editor.Find("[data-testid=save]").TextContent);
        Assert.DoesNotContain("clear", Draft.Invocations.Identifiers);

        Saver.Release();

        editor.WaitForAssertion(() => Assert.EndsWith("/incidents/2026-03-11-pool-default", Navigation.Uri));
        var stored = Store.Get("2026-03-11-pool-default")!;
        Assert.Equal(IncidentStatus.Published, stored.Status);
        Assert.Equal(SignedInAuthor, stored.UpdatedBy);
        Assert.Equal(Samples.Complete(status: "published"), stored.Markdown);
        Assert.Equal(editor.Instance.DraftKey, Assert.Single(Draft.Invocations["clear"]).Arguments[0]);
    }

    [Fact]
    public void A_reader_who_reaches_the_editor_cannot_save()
    {
        Authorization.SetRoles(Roles.Reader);
        var editor = RenderEditor(Samples.Complete(status: "draft"));

        editor.Find("[data-testid=publish]").Click();

        editor.WaitForAssertion(() => Assert.Contains("Only an author may save", editor.Find("[data-testid=save-failed]").TextContent));
        Assert.Equal(0, Saver.Calls);
        Assert.False(Store.Exists("2026-03-11-pool-default"));
    }

    [Fact]
    public void A_failed_save_says_why_and_keeps_the_text_here_and_in_the_browser()
    {
        var text = Samples.Draft();
        var editor = RenderEditor(text);
        Saver.Failure = new IOException("No space left on device");

        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.SaveFailed, StateOf(editor)));
        Assert.Contains("Not saved: No space left on device.", editor.Find("[data-testid=save-failed]").TextContent);
        Assert.Equal(text, TextOf(editor));
        Assert.DoesNotContain("clear", Draft.Invocations.Identifiers);
        Assert.False(editor.Find("[data-testid=save]").HasAttribute("disabled")); // try again

        Saver.Failure = null;
        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.EndsWith("/incidents/2026-03-10-cache-stampede", Navigation.Uri));
        Assert.Equal(text, Store.Get("2026-03-10-cache-stampede")!.Markdown);
    }

    [Fact]
    public async Task Someone_elses_save_in_between_is_a_conflict_shown_with_their_version_never_overwritten()
    {
        var original = Stored(Samples.Complete());
        var editor = RenderEditor(original.Markdown, original.Id, original.Revision);
        var theirs = Samples.Complete(extra: " Bob found the pool at 5.");
        Store.Save(IncidentDocument.Parse(theirs), "bob", expectedRevision: 1);
        Time.Advance(TimeSpan.FromMinutes(1));
        var mine = Samples.Complete(extra: " Alice measured 40 minutes.");
        await Type(editor, mine);

        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.Conflict, StateOf(editor)));
        var conflict = editor.Find("[data-testid=conflict]").TextContent;
        Assert.Contains("bob saved this incident at 2026-03-14 09:30 UTC (revision 2)", conflict);
        Assert.Contains("Nothing was overwritten", conflict);
        Assert.Equal(mine, TextOf(editor));
        Assert.Equal(theirs, Store.Get(original.Id)!.Markdown);
        Assert.DoesNotContain("clear", Draft.Invocations.Identifiers);

        await editor.Find("[data-testid=show-theirs]").ClickAsync(new MouseEventArgs());

        var diff = editor.Find("[data-testid=their-version]");
        Assert.Contains("Bob found the pool at 5.", diff.QuerySelector(".theirs")!.TextContent);
        Assert.Contains("Alice measured 40 minutes.", diff.QuerySelector(".mine")!.TextContent);

        editor.Find("[data-testid=save-over]").Click();

        editor.WaitForAssertion(() => Assert.EndsWith($"/incidents/{original.Id}", Navigation.Uri));
        var stored = Store.Get(original.Id)!;
        Assert.Equal(3, stored.Revision);
        Assert.Equal(mine, stored.Markdown);
    }

    [Fact]
    public void A_deletion_in_between_is_a_conflict_too()
    {
        var original = Stored(Samples.Complete());
        var editor = RenderEditor(original.Markdown, original.Id, original.Revision);
        Store.Delete(original.Id, "carol");

        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.Conflict, StateOf(editor)));
        Assert.Contains("carol deleted this incident", editor.Find("[data-testid=conflict]").TextContent);
        Assert.Contains("Save mine again", editor.Find("[data-testid=save-over]").TextContent);
        Assert.Null(Store.Get(original.Id));
    }

    [Fact]
    public void A_draft_kept_in_the_browser_is_restored_with_the_revision_it_started_from()
    {
        var original = Stored(Samples.Complete());
        var typed = Samples.Complete(extra: " Typed before the connection dropped.");
        BrowserKeeps(IncidentEditor.DraftKeyFor(original.Id), typed, baseRevision: 1);
        Store.Save(IncidentDocument.Parse(Samples.Complete(extra: " Someone else's change.")), "bob");

        var editor = RenderEditor(Store.Get(original.Id)!.Markdown, original.Id, baseRevision: 2);

        Assert.Equal(typed, TextOf(editor));
        var banner = editor.Find("[data-testid=restored-draft]").TextContent;
        Assert.Contains("Restored the unsaved text kept in this browser", banner);
        Assert.Contains("started from revision 1; the incident is now at revision 2", banner);

        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.Conflict, StateOf(editor)));
    }

    [Fact]
    public async Task Discarding_a_restored_draft_loads_the_saved_version_and_forgets_the_browser_copy()
    {
        var saved = Samples.Draft();
        BrowserKeeps(IncidentEditor.DraftKeyFor(null), Samples.Draft().Replace("Cache stampede", "Typed"), baseRevision: 0);
        var editor = RenderEditor(saved);

        await editor.Find("[data-testid=discard-draft]").ClickAsync(new MouseEventArgs());

        Assert.Equal(saved, TextOf(editor));
        Assert.Equal(saved, Draft.Invocations["replaceText"].Single().Arguments[1]);
        Assert.Empty(editor.FindAll("[data-testid=restored-draft]"));
        Assert.Equal("postmortems-draft:new", Assert.Single(Draft.Invocations["clear"]).Arguments[0]);
    }

    [Fact]
    public void An_edit_keeps_its_id_and_a_new_incident_needs_an_unused_one()
    {
        var existing = Stored(Samples.Complete());

        var edit = RenderEditor(existing.Markdown.Replace(existing.Id, "2026-03-11-renamed"), existing.Id, existing.Revision);
        var fresh = RenderEditor(Samples.Complete());

        Assert.Contains("The id must stay '2026-03-11-pool-default'", edit.Find("[data-testid=problems]").TextContent);
        Assert.Contains("Id '2026-03-11-pool-default' is already used by another incident", fresh.Find("[data-testid=problems]").TextContent);
        Assert.Equal(EditorStates.Invalid, StateOf(fresh));
    }

    [Fact]
    public void The_gap_picker_writes_the_gaps_and_leaves_the_rest_of_the_text_alone()
    {
        var text = Samples.Draft();
        var editor = RenderEditor(text);
        var contractTesting = Taxonomy.FindGap("contract-testing")!;

        editor.Find("[data-testid=gap-picker] .mud-select .mud-input-control").MouseDown(); // MudBlazor 9 opens a select on mouse down
        var option = OptionFor(contractTesting.Id);
        Assert.Contains(contractTesting.Title, option.TextContent);
        Assert.Contains(contractTesting.Description[..40], option.TextContent);
        Assert.Contains(contractTesting.Kind, option.TextContent);
        option.Click();

        var expected = IncidentEdits.SetGaps(text, ["load-testing", "contract-testing"]);
        editor.WaitForAssertion(() => Assert.Equal(expected, TextOf(editor)));
        Assert.Contains("    note: no load test started from a cold cache\n  - id: contract-testing\n", expected);
        const string body = "---\n\n## Summary";
        Assert.Equal(text[text.IndexOf(body, StringComparison.Ordinal)..], expected[expected.IndexOf(body, StringComparison.Ordinal)..]);
        Assert.Equal(text[..text.IndexOf("gaps:", StringComparison.Ordinal)], expected[..expected.IndexOf("gaps:", StringComparison.Ordinal)]);
        Assert.Contains(contractTesting.Title, editor.Find("[data-testid=picked-gaps]").TextContent);
        Assert.Equal(expected, BrowserTextAfterServerEdits(text));
    }

    [Fact]
    public void The_difference_picker_writes_the_differences()
    {
        var text = Samples.Draft();
        var editor = RenderEditor(text);

        editor.Find("[data-testid=difference-picker] .mud-select .mud-input-control").MouseDown(); // MudBlazor 9 opens a select on mouse down
        OptionFor("scale").Click();

        editor.WaitForAssertion(() => Assert.Equal(IncidentEdits.SetList(text, "differences", ["scale"]), TextOf(editor)));
    }

    [Fact]
    public void Pickers_are_off_while_the_front_matter_is_not_yaml()
    {
        var editor = RenderEditor(Samples.Draft().Replace("severity: sev2", "severity: [sev2"));

        Assert.Contains("not valid YAML", editor.Find("[data-testid=gap-picker]").TextContent);
        var problem = Assert.Single(editor.FindAll("[data-testid=problems] > ul > li.problem"));
        Assert.Equal("5", problem.GetAttribute("data-line"));
        Assert.Contains("a '[' or '{' is never closed", problem.TextContent);
        Assert.NotNull(editor.Find("[data-testid=gap-picker] .mud-select .mud-disabled, [data-testid=gap-picker] .mud-input-control.mud-disabled, [data-testid=gap-picker] input[disabled]"));
        Assert.Equal(EditorStates.Invalid, StateOf(editor));
    }

    /// <summary>The browser's text once draft.js has applied every change the server sent it.</summary>
    private string BrowserTextAfterServerEdits(string text)
    {
        foreach (var edit in Draft.Invocations["applyServerEdit"])
        {
            Assert.Equal(TextSync.Hash(text), edit.Arguments[4]);
            var (start, deleteCount, insert) = ((int)edit.Arguments[1]!, (int)edit.Arguments[2]!, (string)edit.Arguments[3]!);
            text = text[..start] + insert + text[(start + deleteCount)..];
        }
        return text;
    }

    /// <summary>The open picker's option for an id (each option shows its id in a code element).</summary>
    private AngleSharp.Dom.IElement OptionFor(string id)
    {
        AngleSharp.Dom.IElement? option = null;
        Popovers.WaitForAssertion(() => option = Assert.Single(
            Popovers.FindAll(".mud-popover-open .mud-list-item"), li => li.QuerySelector("code")?.TextContent == id));
        return option!;
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { "b", "c", "a" }, new[] { "a", "b", "c" })]
    [InlineData(new[] { "c", "a" }, new[] { "a" }, new[] { "a" })]
    [InlineData(new string[0], new[] { "unknown", "b" }, new[] { "b", "unknown" })]
    public void Picked_ids_keep_the_texts_order_and_new_ones_follow_the_taxonomy(string[] current, string[] selected, string[] expected)
    {
        Assert.Equal(expected, FrontMatterPickers.InTextOrder(current, selected, ["a", "b", "c"]));
    }
}
