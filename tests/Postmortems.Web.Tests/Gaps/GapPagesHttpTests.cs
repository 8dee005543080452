using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Postmortems.Core;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;

namespace Postmortems.Web.Tests.Gaps;

/// <summary>The gap pages as a browser gets them from the app seeded with the repository's content.</summary>
public sealed class GapPagesHttpTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    private static async Task<(HttpStatusCode Status, IDocument Page)> Get(WebApplicationFactory<Program> app, string path)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>How many seed incidents name the gap (by its id or a former one).</summary>
    private static int SeedCount(string gapId) =>
        RepositoryContent.Incidents.Count(i => i.Gaps.Any(g => Taxonomy.FindGap(g.Id)?.Id == gapId));

    [Fact]
    public async Task The_gaps_page_lists_every_gap_by_kind_with_the_seed_incident_counts()
    {
        var (status, page) = await Get(factory, "/gaps");

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var gap in Taxonomy.Gaps)
        {
            var row = page.QuerySelector($"section[data-kind={gap.Kind}] li[data-gap={gap.Id}]");
            Assert.NotNull(row);
            Assert.Contains(gap.Title, row.TextContent);
            Assert.Equal(SeedCount(gap.Id).ToString(), row.QuerySelector("[data-testid=gap-count]")!.TextContent.Trim());
        }
        Assert.NotNull(page.QuerySelector("[data-testid=gaps-chart] svg"));
        Assert.NotNull(page.QuerySelector("a[href=gaps][data-testid=nav-gaps], [data-testid=nav-gaps][href=gaps]"));
    }

    [Fact]
    public async Task A_gap_page_shows_its_checklist_and_the_seed_incidents_it_let_through()
    {
        var gap = Taxonomy.FindGap("load-testing")!;
        var incidents = RepositoryContent.Incidents.Where(i => i.Gaps.Any(g => g.Id == gap.Id)).ToList();

        var (status, page) = await Get(factory, "/gaps/load-testing");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(gap.Title, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(gap.Checklist, page.QuerySelectorAll("[data-testid=gap-checklist] li").Select(li => li.TextContent.Trim()));
        var links = page.QuerySelectorAll("tbody a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(incidents.OrderByDescending(i => i.Date).Select(i => $"incidents/{i.Id}"), links);
        Assert.NotNull(page.QuerySelector("[data-testid=gap-over-time] svg"));
    }

    [Fact]
    public async Task An_unknown_gap_is_a_friendly_404()
    {
        var (status, page) = await Get(factory, "/gaps/no-such-gap");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("No gap with id no-such-gap", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[href=gaps]"));
    }

    [Fact]
    public async Task Gap_chips_on_the_incident_list_and_page_link_to_the_gap()
    {
        var incident = RepositoryContent.Incidents.OrderByDescending(i => i.Date).First(i => i.Gaps.Count > 0);

        var (_, list) = await Get(factory, "/incidents");
        var (_, page) = await Get(factory, $"/incidents/{incident.Id}");

        foreach (var gap in incident.Gaps)
        {
            Assert.NotNull(list.QuerySelector($"a.gap-link[href='gaps/{gap.Id}']"));
            Assert.Contains(Taxonomy.FindGap(gap.Id)!.Title, page.QuerySelector($"[data-field=gaps] a[href='gaps/{gap.Id}']")!.TextContent);
        }
    }

    [Fact]
    public async Task Another_spelling_of_a_gap_id_redirects_to_the_gap_s_address()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/gaps/Load-Testing?page=1");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.MovedPermanently, $"got {response.StatusCode}");
        Assert.Equal("/gaps/load-testing?page=1", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
    }
}

/// <summary>The app on a copy of the content in which a gap was renamed, its old id kept as an alias.</summary>
public sealed class RenamedGapHttpTests : IDisposable
{
    private readonly TempDirectory _content = new();
    private readonly PostmortemsAppFactory _factory = new();
    private readonly WebApplicationFactory<Program> _app;

    public RenamedGapHttpTests()
    {
        CopyDirectory(RepositoryContent.Directory, _content.Path);
        var old = _content.Combine("gaps", "load-testing.md");
        var text = File.ReadAllText(old)
            .Replace("id: load-testing\n", "id: load-testing-at-scale\n", StringComparison.Ordinal)
            .Replace("aliases: []", "aliases: [load-testing]", StringComparison.Ordinal);
        File.Delete(old);
        File.WriteAllText(_content.Combine("gaps", "load-testing-at-scale.md"), text);
        _app = _factory.WithWebHostBuilder(b => b.UseSetting(PostmortemsPaths.ContentDirectoryKey, _content.Path));
    }

    public void Dispose()
    {
        _app.Dispose();
        _factory.Dispose();
        _content.Dispose();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Fact]
    public async Task The_old_id_redirects_to_the_new_one_which_still_lists_the_incidents_that_use_the_old_id()
    {
        var seedIncidents = RepositoryContent.Incidents.Where(i => i.Gaps.Any(g => g.Id == "load-testing")).ToList();
        Assert.NotEmpty(seedIncidents);
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var redirect = await client.GetAsync("/gaps/load-testing");
        Assert.True(redirect.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.MovedPermanently, $"got {redirect.StatusCode}");
        var location = redirect.Headers.Location!;
        Assert.Equal("/gaps/load-testing-at-scale", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);

        using var response = await client.GetAsync("/gaps/load-testing-at-scale");
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("formerly load-testing", page.QuerySelector("[data-testid=gap-aliases]")!.TextContent);
        Assert.Contains($"let {seedIncidents.Count} incidents through", page.QuerySelector("[data-testid=gap-total]")!.TextContent);
        var listed = page.QuerySelectorAll("tbody a").Select(a => a.GetAttribute("href")).ToHashSet();
        Assert.All(seedIncidents, i => Assert.Contains($"incidents/{i.Id}", listed));

        using var gaps = await client.GetAsync("/gaps");
        var gapsPage = new HtmlParser().ParseDocument(await gaps.Content.ReadAsStringAsync());
        Assert.Equal(seedIncidents.Count.ToString(), gapsPage.QuerySelector("li[data-gap=load-testing-at-scale] [data-testid=gap-count]")!.TextContent.Trim());
    }
}
