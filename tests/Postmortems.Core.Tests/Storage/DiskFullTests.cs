using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Storage;

/// <summary>A real full disk: a small tmpfs as the data directory, filled up, then freed.</summary>
public sealed class DiskFullTests
{
    private static IncidentDocument Numbered(int number) => IncidentDocument.Parse(
        Samples.Complete.WithLine("id: 2025-03-14-checkout-pool-exhaustion", $"id: 2025-03-14-checkout-{number}")
        + string.Join("\n", Enumerable.Repeat(new string((char)('a' + number % 26), 100), 100)) + "\n");

    [SkippableFact]
    public void A_full_disk_fails_a_save_honestly_keeps_nothing_of_it_and_the_store_writes_again_once_space_is_freed()
    {
        using var disk = SmallDisk.TryMount(40, out var whyNot);
        Skip.If(disk is null, whyNot);

        using (var store = new IncidentStore(disk.Path, "tests"))
        using (var index = new IncidentIndex(store, Samples.Taxonomy.Value))
        {
            for (var i = 0; i < 3; i++) store.Save(Numbered(i), "alice");
            var generation = store.Generation;
            var filler = disk.Fill();

            for (var i = 10; i < 13; i++)
            {
                var full = Assert.Throws<DiskFullException>(() => store.Save(Numbered(i), "alice"));
                Assert.Contains("the disk holding the data directory", full.Message);
                Assert.Null(store.Get($"2025-03-14-checkout-{i}"));
            }
            // Reads go on meanwhile, and see only what was committed.
            Assert.Equal(3, store.Count());
            Assert.Equal(generation, store.Generation);
            Assert.NotNull(store.Get("2025-03-14-checkout-1"));

            File.Delete(filler);
            Assert.Null(store.ProbeWrites());
            // The broken transaction dropped with the old database must not be finalised (its finaliser ends the process).
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Equal(SaveOutcome.Created, store.Save(Numbered(20), "alice").Outcome);
            Assert.Equal(SaveOutcome.Created, store.Save(Numbered(10), "alice").Outcome);
            Assert.Equal(5, store.Count());
            // The next search finds the saved incident: its line of 'u's is in no other incident.
            Assert.Equal(["2025-03-14-checkout-20"], index.Search(new string('u', 100)).Hits.Select(h => h.Id));
        }

        using var reopened = new IncidentStore(disk.Path, "tests");
        Assert.Equal(["2025-03-14-checkout-0", "2025-03-14-checkout-1", "2025-03-14-checkout-10", "2025-03-14-checkout-2", "2025-03-14-checkout-20"],
            reopened.All().Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(5, reopened.Generation);
    }
}
