using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

/// <summary>How the text reaches the server (verified splices), and which status a save leaves.</summary>
public sealed class EditorSyncAndStatusTests : EditorTestContext
{
    [Fact]
    public void Save_keeps_a_published_incident_published_as_a_new_revision()
    {
        var original = Stored(Samples.Complete());
        var editor = RenderEditor(original.Markdown, original.Id, original.Revision);
        var fixedTypo = Samples.Complete(extra: " Fixed a typo.");
        Send(editor, fixedTypo);

        Assert.Empty(editor.FindAll("[data-testid=publish]"));
        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.EndsWith($"/incidents/{original.Id}", Navigation.Uri));
        var stored = Store.Get(original.Id)!;
        Assert.Equal(IncidentStatus.Published, stored.Status);
        Assert.Equal(2, stored.Revision);
        Assert.Equal(fixedTypo, stored.Markdown);
    }

    [Fact]
    public void Moving_back_to_draft_is_its_own_action()
    {
        var original = Stored(Samples.Complete());
        var editor = RenderEditor(original.Markdown, original.Id, original.Revision);

        editor.Find("[data-testid=move-to-draft]").Click();

        editor.WaitForAssertion(() => Assert.EndsWith($"/incidents/{original.Id}", Navigation.Uri));
        Assert.Equal(IncidentStatus.Draft, Store.Get(original.Id)!.Status);
        Assert.Equal(Samples.Complete(status: "draft"), Store.Get(original.Id)!.Markdown);
    }

    [Fact]
    public void A_draft_offers_review_and_publishing_and_its_save_keeps_it_a_draft()
    {
        var editor = RenderEditor(Samples.Draft());

        Assert.NotEmpty(editor.FindAll("[data-testid=submit-review]"));
        Assert.NotEmpty(editor.FindAll("[data-testid=publish]"));
        Assert.Empty(editor.FindAll("[data-testid=move-to-draft]"));
        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(IncidentStatus.Draft, Store.Get("2026-03-10-cache-stampede")?.Status));
    }

    [Fact]
    public async Task A_large_text_arrives_in_pieces_each_under_the_message_limit_and_exactly()
    {
        var editor = RenderEditor(Samples.Draft());
        var large = Samples.Draft() + string.Concat(Enumerable.Range(0, 2000).Select(i => $"- line {i}: ünïcödé 🚀 text that fills the timeline\n"));
        Assert.True(large.Length > 100_000);

        // As draft.js sends a paste: the first piece replaces, the others append, each checked against its result.
        var sent = Samples.Draft();
        var insert = large[sent.Length..];
        var offset = 0;
        while (offset < insert.Length)
        {
            var end = Math.Min(offset + 4000, insert.Length);
            if (end < insert.Length && char.IsHighSurrogate(insert[end - 1])) end--;
            var result = large[..(sent.Length + end)];
            var start = sent.Length + offset;
            var piece = insert[offset..end];
            var answer = await editor.InvokeAsync(() => editor.Instance.ApplyEdit(start, 0, piece, result.Length, TextSync.Hash(result)));
            Assert.True(answer.Applied, $"piece at {offset}");
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(System.Text.Json.JsonSerializer.Serialize(piece)) < 32 * 1024);
            offset = end;
        }

        Assert.Equal(large, editor.Instance.Text);
    }

    [Fact]
    public async Task An_edit_that_would_not_give_the_browsers_text_is_refused_and_changes_nothing()
    {
        var text = Samples.Draft();
        var editor = RenderEditor(text);

        var answer = await editor.InvokeAsync(() => editor.Instance.ApplyEdit(4, 0, "x", text.Length + 1, 12345));

        Assert.False(answer.Applied);
        Assert.Equal(text.Length, answer.Length);
        Assert.Equal(TextSync.Hash(text), answer.Hash);
        Assert.Equal(text, editor.Instance.Text);
        Assert.False((await editor.InvokeAsync(() => editor.Instance.ApplyEdit(text.Length, 5, "", text.Length - 5, 0))).Applied);
    }

    [Fact]
    public void A_text_over_the_incident_limit_is_refused_with_what_to_do()
    {
        var editor = RenderEditor(Samples.Draft());
        var huge = Samples.Draft() + new string('a', (int)IncidentFiles.MaxBytes);

        var answer = Send(editor, huge);

        Assert.False(answer.Applied);
        Assert.True(answer.TooLarge);
        Assert.Contains("kept in this browser", answer.Message);
        Assert.Equal(Samples.Draft(), editor.Instance.Text);
    }

    [Fact]
    public void A_save_while_the_server_lacks_some_of_the_text_is_refused_and_says_the_text_is_still_there()
    {
        var editor = RenderEditor(Samples.Draft());
        BrowserHolds(Samples.Draft() + "typed but never arrived");

        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(EditorStates.SaveFailed, StateOf(editor)));
        var message = editor.Find("[data-testid=save-failed]").TextContent;
        Assert.Contains("differs from the editor's", message);
        Assert.Contains("Everything you typed is still here, and kept in this browser", message);
        Assert.Equal(0, Saver.Calls);
        Assert.DoesNotContain("clear", Draft.Invocations.Identifiers);
    }

    [Fact]
    public void What_stops_publishing_is_listed_as_one_types_with_lines()
    {
        var page = Render<IncidentEditorPage>();
        WaitUntilInteractive(page);
        BrowserHolds(TextOf(page));

        var blockers = page.Find("[data-testid=publish-blockers]");
        var lines = TextOf(page).Split('\n');
        var items = blockers.QuerySelectorAll("li.problem").ToList();
        Assert.Contains(items, li => li.TextContent.Contains("title is still the template's placeholder") && lines[int.Parse(li.GetAttribute("data-line")!) - 1].StartsWith("title:"));
        Assert.Contains(items, li => li.TextContent.Contains("still the template's guidance text") && lines[int.Parse(li.GetAttribute("data-line")!) - 1] == "- HH:MM what happened");
        Assert.Contains(items, li => li.TextContent.Contains("must name the gap"));
        Assert.Contains($"Publishing will need {items.Count} more fixes", page.Find("[data-testid=publish-blockers-summary]").TextContent);
    }

    [Fact]
    public void An_incident_with_CRLF_line_ends_is_edited_with_LF_as_a_textarea_has_it_and_saved_with_CRLF_again()
    {
        var crlf = Samples.Complete().Replace("\n", "\r\n", StringComparison.Ordinal);
        var original = Stored(crlf);
        var editor = RenderEditor(original.Markdown, original.Id, original.Revision);
        Assert.Equal(Samples.Complete(), editor.Instance.Text);
        Send(editor, Samples.Complete(extra: " Edited."));

        editor.Find("[data-testid=save]").Click();

        editor.WaitForAssertion(() => Assert.Equal(2, Store.Get(original.Id)!.Revision));
        Assert.Equal(Samples.Complete(extra: " Edited.").Replace("\n", "\r\n", StringComparison.Ordinal), Store.Get(original.Id)!.Markdown);
    }
}
