using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Recovery;

/// <summary>The app on an index whose positions file was cut short before it started: searches say the index is being rebuilt, never 500.</summary>
public sealed class CorruptIndexApiTests : IDisposable
{
    private readonly PostmortemsAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_phrase_search_on_a_truncated_index_says_it_is_being_rebuilt_then_finds_again()
    {
        using (var store = new IncidentStore(_factory.DataDirectory, "tests"))
        {
            var taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);
            ContentSeeder.SeedIfEmpty(store, new IncidentValidator(taxonomy), RepositoryContent.Directory);
            new IncidentIndex(store, taxonomy).Dispose();
        }
        var positions = Directory.GetFiles(Path.Combine(_factory.DataDirectory, IncidentIndex.FolderName), "*.pos").MaxBy(f => new FileInfo(f).Length)!;
        using (var file = new FileStream(positions, FileMode.Open)) file.SetLength(file.Length / 2);
        using var client = _factory.CreateClientAs("reader");

        using var during = await client.GetAsync("/api/search?q=%22connection%20pool%22");

        var answer = await Json(during, HttpStatusCode.OK);
        Assert.Contains("the search index is being rebuilt", answer["message"]!.GetValue<string>());
        Assert.True(_factory.Services.GetRequiredService<IncidentIndex>().WaitForRebuild(TimeSpan.FromMinutes(2)));
        using var after = await client.GetAsync("/api/search?q=%22connection%20pool%22");
        Assert.True((await Json(after, HttpStatusCode.OK))["total"]!.GetValue<int>() > 0);
    }
}
