using Bunit;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

public sealed class IncidentEditorPageTests : EditorTestContext
{
    [Fact]
    public void New_postmortem_starts_from_the_template_with_todays_date()
    {
        var page = Render<IncidentEditorPage>();
        WaitUntilInteractive(page);

        var text = TextOf(page);
        Assert.StartsWith("---\nid: 2026-03-14-short-name\n", text);
        Assert.Contains("\ndate: 2026-03-14\n", text);
        Assert.Contains("\nstatus: draft\n", text);
        Assert.DoesNotContain("YYYY-MM-DD", text);
        Assert.Contains("## How it got through", text);
        Assert.Equal("New postmortem", page.Find("h1").TextContent);
        Assert.Contains("From the template", page.Find("[data-testid=editor-subheading]").TextContent);
    }

    [Fact]
    public void The_template_comes_from_the_content_directory()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryContent.Directory, "template.md"));

        Assert.Equal(template.Replace("YYYY-MM-DD", "2026-03-14"), IncidentEditorPage.NewFromTemplate(RepositoryContent.Directory, new DateOnly(2026, 3, 14)));
    }

    [Fact]
    public void Edit_starts_from_the_stored_text_and_revision()
    {
        var stored = Stored(Samples.Complete());
        Store.Save(Core.Format.IncidentDocument.Parse(Samples.Complete(extra: " More.")), "bob");

        var page = Render<IncidentEditorPage>(p => p.Add(c => c.Id, stored.Id));
        WaitUntilInteractive(page);

        Assert.Equal(Samples.Complete(extra: " More."), TextOf(page));
        Assert.Contains("Edit: Checkout timed out", page.Find("h1").TextContent);
        Assert.Contains("Editing revision 2", page.Find("[data-testid=editor-subheading]").TextContent);
        Assert.Equal(EditorStates.Valid, StateOf(page));
    }

    [Fact]
    public void Editing_an_unknown_incident_says_so()
    {
        var page = Render<IncidentEditorPage>(p => p.Add(c => c.Id, "no-such-incident"));

        Assert.Equal("No incident with id no-such-incident", page.Find("h1").TextContent);
        Assert.Empty(page.FindAll("textarea"));
    }
}
