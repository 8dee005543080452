using Bunit;
using Postmortems.Core.Format;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

/// <summary>The front-matter form and the text stay in step both ways; a form change rewrites only its own line.</summary>
public sealed class FrontMatterFormTests : EditorTestContext
{
    /// <summary>A draft with keys this format does not know, comments and odd spacing, all of which must survive.</summary>
    private static readonly string WithUnknownKeys = Samples.Draft().Replace("severity: sev2\n", """
        severity: sev2     # we argued about this
        x-pager-rotation: payments-primary
        x-links:
          runbook: https://runbooks.example.com/cache
        services: [cache,  api]

        """.Replace("\r\n", "\n"), StringComparison.Ordinal);

    /// <summary>Every line of <paramref name="after"/> but the ones named is the same line of <paramref name="before"/>.</summary>
    private static void OnlyLinesChanged(string before, string after, params string[] changedKeys)
    {
        var old = before.Split('\n');
        var now = after.Split('\n');
        Assert.Equal(old.Length, now.Length);
        for (var i = 0; i < old.Length; i++)
        {
            if (old[i] == now[i]) continue;
            Assert.Contains(changedKeys, key => old[i].StartsWith(key + ":", StringComparison.Ordinal) && now[i].StartsWith(key + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Changing_the_title_rewrites_only_the_title_line_and_unknown_keys_survive()
    {
        var editor = RenderEditor(WithUnknownKeys);

        editor.Find("[data-testid=fm-title] input").Change("Cache stampede: every node missed at once");

        var text = editor.Instance.Text;
        Assert.Contains("\ntitle: \"Cache stampede: every node missed at once\"\n", text);
        OnlyLinesChanged(WithUnknownKeys, text, "title");
        Assert.Contains("x-pager-rotation: payments-primary\nx-links:\n  runbook: https://runbooks.example.com/cache\n", text);
        Assert.Contains("severity: sev2     # we argued about this\n", text);
        Assert.Equal(text, BrowserText(WithUnknownKeys));
    }

    [Fact]
    public void Adding_a_service_rewrites_only_the_services_line()
    {
        var editor = RenderEditor(WithUnknownKeys);

        editor.Find("[data-testid=fm-services] input.list-add").Change("checkout, cache");

        var text = editor.Instance.Text;
        Assert.Contains("\nservices: [cache, api, checkout]\n", text);
        OnlyLinesChanged(WithUnknownKeys, text, "services");
        Assert.Equal(["cache", "api", "checkout"], IncidentDocument.Parse(text).Incident.Services);
    }

    [Fact]
    public void A_key_the_text_lacks_is_added_as_one_line_at_the_end_of_the_front_matter()
    {
        var editor = RenderEditor(WithUnknownKeys);

        editor.Find("[data-testid=fm-duration] input").Change("47m");

        var text = editor.Instance.Text;
        Assert.Equal(WithUnknownKeys.Replace("from a cold cache\n---", "from a cold cache\nduration: 47m\n---", StringComparison.Ordinal), text);
        Assert.Equal("47m", IncidentDocument.Parse(text).Incident.Duration);
    }

    [Fact]
    public void A_date_with_a_time_is_written_in_UTC_and_a_date_alone_stays_a_date()
    {
        var editor = RenderEditor(WithUnknownKeys);

        editor.Find("[data-testid=fm-time] input").Change("14:02");
        Assert.Contains("\ndate: 2026-03-10T14:02:00Z\n", editor.Instance.Text);
        Assert.Equal("14:02", editor.Find("[data-testid=fm-time] input").GetAttribute("value"));

        editor.Find("[data-testid=fm-date] input").Change("2026-03-09");
        Assert.Contains("\ndate: 2026-03-09T14:02:00Z\n", editor.Instance.Text);

        editor.Find("[data-testid=fm-time] input").Change("");
        Assert.Contains("\ndate: 2026-03-09\n", editor.Instance.Text);
        OnlyLinesChanged(WithUnknownKeys, editor.Instance.Text, "date");
    }

    [Fact]
    public async Task Typing_in_the_text_updates_the_form()
    {
        var editor = RenderEditor(WithUnknownKeys);

        await Type(editor, WithUnknownKeys.Replace("title: Cache stampede after the deploy emptied the cache", "title: Typed in the text")
            .Replace("services: [cache,  api]", "services: [cache, api, search]"));

        Assert.Equal("Typed in the text", editor.Find("[data-testid=fm-title] input").GetAttribute("value"));
        Assert.Equal(["cache", "api", "search"], editor.FindAll("[data-testid=fm-services] .mud-chip").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void Removing_a_team_chip_rewrites_the_list()
    {
        var text = WithUnknownKeys.Replace("services: [cache,  api]", "services: [cache,  api]\nteams: [payments, search]");
        var editor = RenderEditor(text);

        editor.Find("[data-testid=fm-teams] .mud-chip button").Click();

        Assert.Contains("\nteams: [search]\n", editor.Instance.Text);
        OnlyLinesChanged(text, editor.Instance.Text, "teams");
    }

    [Fact]
    public void The_form_is_off_while_the_front_matter_is_not_yaml()
    {
        var editor = RenderEditor(WithUnknownKeys.Replace("severity: sev2", "severity: [sev2"));

        Assert.True(editor.Find("[data-testid=fm-date] input").HasAttribute("disabled"));
        Assert.True(editor.Find("[data-testid=fm-services] input.list-add").HasAttribute("disabled"));
    }

    /// <summary>The browser's text once draft.js has applied every change the server sent it.</summary>
    private string BrowserText(string text)
    {
        foreach (var edit in Draft.Invocations["applyServerEdit"])
        {
            Assert.Equal(TextSync.Hash(text), edit.Arguments[4]);
            var (start, deleteCount, insert) = ((int)edit.Arguments[1]!, (int)edit.Arguments[2]!, (string)edit.Arguments[3]!);
            text = text[..start] + insert + text[(start + deleteCount)..];
        }
        return text;
    }
}
