using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Search;

/// <summary>An index file cut short on disk: found at query time, rebuilt in the background, searches told so meanwhile.</summary>
public sealed class CorruptIndexTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    /// <summary>A seeded store with a current index whose positions file (what phrase queries read) is cut to half its length.</summary>
    private IncidentStore StoreWithTruncatedPositions()
    {
        var store = new IncidentStore(_data.Path, "index tests");
        ContentSeeder.SeedIfEmpty(store, new IncidentValidator(Samples.Taxonomy.Value), TestPaths.Content);
        using (new IncidentIndex(store, Samples.Taxonomy.Value)) { }
        var positions = Directory.GetFiles(Path.Combine(_data.Path, IncidentIndex.FolderName), "*.pos").MaxBy(f => new FileInfo(f).Length)!;
        using (var file = new FileStream(positions, FileMode.Open)) file.SetLength(file.Length / 2);
        return store;
    }

    [Fact]
    public void A_truncated_index_file_is_reported_as_a_rebuild_and_searches_work_again_once_it_is_done()
    {
        using var store = StoreWithTruncatedPositions();
        using var index = new IncidentIndex(store, Samples.Taxonomy.Value);
        Assert.Null(index.RebuiltBecause);

        var during = index.Search("\"connection pool\"");

        Assert.Contains("the search index is being rebuilt", during.Message);
        Assert.Equal(0, during.Total);
        Assert.True(index.WaitForRebuild(TimeSpan.FromMinutes(2)), "the rebuild finishes");
        Assert.True(index.Search("\"connection pool\"").Total > 0);
        Assert.Equal(store.Count(), index.Count);
    }
}
