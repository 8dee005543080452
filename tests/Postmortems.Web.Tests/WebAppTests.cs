using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Web.Tests;

public sealed class WebAppTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    private async Task<(HttpStatusCode Status, string Text)> Get(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        // Decoded, so titles compare as written whatever entities the renderer chose.
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static List<Incident> NewestFirst() =>
        RepositoryContent.Incidents.OrderByDescending(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Home_lists_the_newest_seed_incidents_and_the_count()
    {
        var newest = NewestFirst()[0];

        var (status, text) = await Get("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(newest.Title!, text);
        Assert.Contains($"href=\"incidents/{newest.Id}\"", text);
        Assert.Contains($"{RepositoryContent.Incidents.Count} incidents", text);
    }

    [Fact]
    public async Task The_incident_list_pages_by_25_newest_first()
    {
        Assert.True(RepositoryContent.Incidents.Count > 25, "the seed set should need a second page");
        var incidents = NewestFirst();
        var oldest = incidents[^1];
        var twentyFifth = incidents[24];

        var (_, first) = await Get("/incidents");
        var (status, second) = await Get("/incidents?page=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"incidents/{twentyFifth.Id}\"", first);
        Assert.DoesNotContain($"incidents/{oldest.Id}\"", first);
        Assert.Contains($"incidents/{oldest.Id}\"", second);
        Assert.DoesNotContain($"incidents/{twentyFifth.Id}\"", second);
    }

    [Fact]
    public async Task Incident_page_renders_the_markdown_title_and_gap_titles()
    {
        var incident = RepositoryContent.Incidents.First(i =>
            i.Status == IncidentStatus.Published && i.Gaps.Any(g => g.Note is not null) && i.Section(StandardSections.Summary) is not null);
        var gapWithNote = incident.Gaps.First(g => g.Note is not null);

        var (status, text) = await Get($"/incidents/{incident.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(incident.Title!, text);
        Assert.Contains("<h2 id=\"summary\">Summary</h2>", text);
        foreach (var gap in incident.Gaps) Assert.Contains(Taxonomy.FindGap(gap.Id)!.Title, text);
        Assert.Contains(gapWithNote.Note!, text);
        Assert.DoesNotContain("detected-by:", text); // the front matter is in the side card, not rendered as text
    }

    [Fact]
    public async Task Unknown_incident_is_a_friendly_404()
    {
        var (status, text) = await Get("/incidents/no-such-id");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No incident with id no-such-id", text);
    }

    [Fact]
    public void The_running_app_holds_its_data_directory()
    {
        var store = factory.Services.GetRequiredService<IncidentStore>();
        Assert.Equal(RepositoryContent.Incidents.Count, store.Count()); // seeded at start

        var error = Assert.Throws<DataDirectoryInUseException>(() => new IncidentStore(factory.DataDirectory, "a test").Dispose());
        Assert.Contains("is in use by", error.Message);
    }
}
