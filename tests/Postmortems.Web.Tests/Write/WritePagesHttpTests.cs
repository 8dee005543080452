using System.Net;

namespace Postmortems.Web.Tests.Write;

/// <summary>The write pages as the server first sends them, and the links that lead to them.</summary>
public sealed class WritePagesHttpTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private async Task<(HttpStatusCode Status, string Text)> Get(string path)
    {
        using var client = factory.CreateClientAs("author");
        using var response = await client.GetAsync(path);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task New_postmortem_is_linked_from_every_page_and_starts_from_the_template()
    {
        var (_, home) = await Get("/");
        var (status, page) = await Get("/incidents/new");

        Assert.Contains("href=\"incidents/new\"", home);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<title>New postmortem · Postmortems</title>", page);
        Assert.Contains($"date: {DateTime.UtcNow:yyyy-MM-dd}", page);
        Assert.Contains("readonly", page); // until the circuit is up, so no keystroke is lost
    }

    [Fact]
    public async Task An_incident_page_links_to_its_editor_which_starts_from_the_stored_text()
    {
        var incident = RepositoryContent.Incidents[0];

        var (_, page) = await Get($"/incidents/{incident.Id}");
        var (status, editor) = await Get($"/incidents/{incident.Id}/edit");

        Assert.Contains($"href=\"incidents/{incident.Id}/edit\"", page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Edit: {incident.Title}", editor);
        Assert.Contains($"id: {incident.Id}", editor);
        Assert.Contains("Editing revision 1", editor);
    }

    [Fact]
    public async Task Editing_an_unknown_incident_is_a_friendly_404()
    {
        var (status, text) = await Get("/incidents/no-such-incident/edit");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No incident with id no-such-incident", text);
        Assert.Contains("Write a new postmortem", text);
    }
}
