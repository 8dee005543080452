using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Storage;

/// <summary>The readiness check's probe write: it commits, but changes nothing that incidents or the index depend on.</summary>
public sealed class WriteProbeTests
{
    [Fact]
    public void A_probe_write_commits_without_moving_the_generation_so_the_index_stays_current()
    {
        using var data = new TempDirectory();
        using (var store = new IncidentStore(data.Path, "tests"))
        {
            string indexPath;
            using (var index = new IncidentIndex(store, Samples.Taxonomy.Value))
            {
                indexPath = index.Path;
                store.Save(IncidentDocument.Parse(Samples.Complete), "alice");
            }
            var generation = store.Generation;

            Assert.Null(store.ProbeWithWrite());
            Assert.Null(store.ProbeWithWrite());

            Assert.Equal(generation, store.Generation);
            Assert.Equal(1, store.Count());
            // The index closed with the save committed: the probes must not have made it look behind the store.
            Assert.Null(IncidentIndex.StaleReason(indexPath, store.Generation, Samples.Taxonomy.Value, store.Count()));
        }
        using var reopened = new IncidentStore(data.Path, "tests");
        Assert.Equal(1, reopened.Generation);
    }

    [Fact]
    public void A_probe_on_a_store_that_is_read_only_after_damage_says_so_and_writes_nothing()
    {
        using var data = new TempDirectory();
        using (var store = new IncidentStore(data.Path, "tests")) store.Save(IncidentDocument.Parse(Samples.Complete), "alice");
        var file = Path.Combine(data.Path, IncidentStore.DatabaseFileName);
        DamagedFiles.Flip(file, 0, 4096);
        var damaged = File.ReadAllBytes(file);

        using (var store = new IncidentStore(data.Path, "tests"))
        {
            var failure = Assert.IsType<StoreReadOnlyException>(store.ProbeWithWrite());
            Assert.Contains("postmortems verify", failure.Message);
        }
        Assert.Equal(damaged, File.ReadAllBytes(file));
    }
}
