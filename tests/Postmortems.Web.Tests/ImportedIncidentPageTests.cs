using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Web.Tests;

public sealed class ImportedIncidentPageTests : IDisposable
{
    private readonly PostmortemsAppFactory _factory = new();
    private readonly TempDirectory _archive = new();

    public void Dispose()
    {
        _factory.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task An_imported_incident_shows_its_source_what_it_lacks_and_what_its_text_suggests()
    {
        File.WriteAllText(_archive.Combine("2025-11-15-queue-stall.md"),
            "# Queue workers stalled after a kernel upgrade\n\n## What happened\n\nThe upgrade went to every host at once, with no canary.\n");
        using var client = _factory.CreateClient();
        var store = _factory.Services.GetRequiredService<IncidentStore>();
        var taxonomy = _factory.Services.GetRequiredService<GapTaxonomy>();
        var id = new IncidentImporter(store, new IncidentValidator(taxonomy), new Suggester(taxonomy)).Import(_archive.Path, "alice").Files.Single().Id;

        var response = await client.GetAsync($"/incidents/{id}");
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Queue workers stalled after a kernel upgrade", text);
        Assert.Contains("2025-11-15-queue-stall.md", text);
        Assert.Contains("free-form Markdown", text);
        Assert.Contains("Before it can be published", text);
        Assert.Contains("Required section '## Root cause' is missing", text);
        Assert.Contains(taxonomy.FindGap("staged-rollout")!.Title, text);
        Assert.Contains("the text says \u201ccanary\u201d", text);
    }
}
