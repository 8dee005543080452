using Lucene.Net.Index;
using Lucene.Net.Store;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Search;

/// <summary>The index follows the store: near real time on save, rebuilt at open when missing, stale or unreadable.</summary>
public sealed class IncidentIndexTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private IncidentStore OpenSeededStore()
    {
        var store = new IncidentStore(_data.Path, "index tests");
        ContentSeeder.SeedIfEmpty(store, new IncidentValidator(Samples.Taxonomy.Value), TestPaths.Content);
        return store;
    }

    private static IncidentDocument WithWord(string word) =>
        IncidentDocument.Parse(Samples.Complete.Replace("Checkout timed out for 47 minutes.", $"Checkout timed out for 47 minutes behind the {word} proxy."));

    [Fact]
    public void A_saved_incident_is_found_by_a_word_only_it_has_immediately_after_the_save()
    {
        using var store = OpenSeededStore();
        using var index = new IncidentIndex(store, Samples.Taxonomy.Value);
        Assert.Equal(0, index.Search("quokkaproxy").Total);

        store.Save(WithWord("quokkaproxy"), "alice");

        var result = index.Search("quokkaproxy");
        Assert.Equal(["2025-03-14-checkout-pool-exhaustion"], result.Hits.Select(h => h.Id));
        Assert.Equal(store.Generation, index.Generation);

        store.Save(WithWord("wombatproxy"), "alice");
        Assert.Equal(0, index.Search("quokkaproxy").Total);
        Assert.Equal(1, index.Search("wombatproxy").Total);
        Assert.Equal(store.Count(), index.Count);
    }

    [Fact]
    public void A_batch_commits_once_at_its_end_and_a_batch_cut_short_leaves_an_index_brought_up_to_date_at_the_next_start()
    {
        using var store = OpenSeededStore();
        var before = store.Generation;
        using (var index = new IncidentIndex(store, Samples.Taxonomy.Value))
        {
            using (index.Batch())
            {
                store.Save(WithWord("quokkaproxy"), "alice");
                Assert.Equal(before, index.Generation);
            }
            Assert.Equal(store.Generation, index.Generation);
            Assert.Equal(1, index.Search("quokkaproxy").Total);

            index.Batch();
            store.Save(WithWord("wombatproxy"), "alice");
        }

        using var reopened = new IncidentIndex(store, Samples.Taxonomy.Value);
        Assert.NotNull(reopened.CaughtUpBecause);
        Assert.Equal(1, reopened.CaughtUp);
        Assert.Equal(1, reopened.Search("wombatproxy").Total);
    }

    [Fact]
    public void Renaming_a_gap_rebuilds_the_index_so_incidents_count_under_the_new_id()
    {
        using var store = OpenSeededStore();
        using (new IncidentIndex(store, Samples.Taxonomy.Value)) { }
        var renamed = new Postmortems.Core.Taxonomy.GapTaxonomy(
            Samples.Taxonomy.Value.Gaps.Select(g => g.Id == "load-testing" ? g with { Id = "prod-scale-load-testing", Aliases = ["load-testing"] } : g),
            Samples.Taxonomy.Value.Differences);

        using var reopened = new IncidentIndex(store, renamed);

        Assert.Equal("the gap taxonomy changed (a gap was added, renamed or given an alias)", reopened.RebuiltBecause);
        Assert.True(reopened.Search("gap:prod-scale-load-testing").Total > 0);
    }

    [Fact]
    public void A_deleted_index_directory_is_rebuilt_at_start_with_nothing_lost()
    {
        using var store = OpenSeededStore();
        store.Save(WithWord("quokkaproxy"), "alice");
        string path;
        using (var index = new IncidentIndex(store)) path = index.Path;

        System.IO.Directory.Delete(path, recursive: true);
        using var reopened = new IncidentIndex(store);

        Assert.Equal("there was no index", reopened.RebuiltBecause);
        Assert.Equal(store.Count(), reopened.Count);
        Assert.Equal(TestPaths.SeedIncidentFiles().Count() + 1, reopened.Count);
        Assert.Equal(1, reopened.Search("quokkaproxy").Total);
        foreach (var incident in store.All())
            Assert.Contains(incident.Id, reopened.Search(new SearchRequest($"id:{incident.Id}", 1)).Hits.Select(h => h.Id));
    }

    [Fact]
    public void An_index_behind_the_store_catches_up_with_only_the_saves_it_missed_and_a_current_one_is_kept()
    {
        using var store = OpenSeededStore();
        using (var index = new IncidentIndex(store)) Assert.NotNull(index.RebuiltBecause);
        using (var current = new IncidentIndex(store))
        {
            Assert.Null(current.RebuiltBecause);
            Assert.Null(current.CaughtUpBecause);
        }

        store.Save(WithWord("quokkaproxy"), "alice"); // no index open: the index misses these saves
        store.Save(IncidentDocument.Parse(WithWord("wombatproxy").Text.Replace("id: 2025-03-14-checkout-pool-exhaustion", "id: 2025-03-14-checkout-again", StringComparison.Ordinal)), "alice");
        using (var reopened = new IncidentIndex(store))
        {
            Assert.Null(reopened.RebuiltBecause);
            Assert.Contains("generation", reopened.CaughtUpBecause);
            Assert.Equal(2, reopened.CaughtUp);
            Assert.Equal(store.Generation, reopened.Generation);
            Assert.Equal(1, reopened.Search("quokkaproxy").Total);
            Assert.Equal(1, reopened.Search("wombatproxy").Total);
            Assert.Equal(store.Count(), reopened.Count);
        }
        using var again = new IncidentIndex(store);
        Assert.Null(again.RebuiltBecause);
        Assert.Null(again.CaughtUpBecause);
    }

    [Fact]
    public void An_index_that_missed_a_deletion_is_rebuilt_rather_than_caught_up()
    {
        using var store = OpenSeededStore();
        using (new IncidentIndex(store)) { }
        var deleted = store.All().First().Id;

        store.Save(WithWord("quokkaproxy"), "alice");
        store.Delete(deleted, "admin");
        using var reopened = new IncidentIndex(store);

        Assert.Contains("catching up", reopened.RebuiltBecause);
        Assert.Equal(store.Count(), reopened.Count);
        Assert.Equal(0, reopened.Search($"id:{deleted}").Total);
        Assert.Equal(1, reopened.Search("quokkaproxy").Total);
    }

    [Fact]
    public void An_index_of_another_schema_version_is_rebuilt()
    {
        using var store = OpenSeededStore();
        string path;
        using (var index = new IncidentIndex(store)) path = index.Path;
        using (var directory = FSDirectory.Open(path))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, null)))
        {
            writer.SetCommitData(new Dictionary<string, string> { [IndexCommitData.SchemaKey] = "0", [IndexCommitData.GenerationKey] = store.Generation.ToString() });
            writer.Commit();
        }

        using var reopened = new IncidentIndex(store);

        Assert.Contains("schema version 0", reopened.RebuiltBecause);
        Assert.Equal(store.Count(), reopened.Count);
    }

    [Fact]
    public void A_corrupt_index_is_rebuilt()
    {
        using var store = OpenSeededStore();
        string path;
        using (var index = new IncidentIndex(store)) path = index.Path;
        foreach (var file in System.IO.Directory.GetFiles(path)) File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8]);

        using var reopened = new IncidentIndex(store);

        Assert.NotNull(reopened.RebuiltBecause);
        Assert.Equal(store.Count(), reopened.Count);
        Assert.True(reopened.Search("kubernetes").Total > 0);
    }

    [Fact]
    public void Rebuild_reports_progress_for_every_incident()
    {
        using var store = OpenSeededStore();
        var reports = new List<FileProgress>();
        using var index = new IncidentIndex(store, forceRebuild: true, progress: new Collect(reports));

        Assert.Equal("a rebuild was asked for", index.RebuiltBecause);
        Assert.Equal(store.Count(), reports.Count);
        Assert.Equal(store.Count(), reports[^1].Done);
        Assert.Equal(store.Count(), reports[^1].Total);
    }

    private sealed class Collect(List<FileProgress> reports) : IProgress<FileProgress>
    {
        public void Report(FileProgress value) => reports.Add(value);
    }
}
