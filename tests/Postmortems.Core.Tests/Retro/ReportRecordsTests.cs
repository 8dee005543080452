using LiteDB;
using Postmortems.Core.Format;
using Postmortems.Core.Retro;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Retro;

public sealed class ReportRecordsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static IReadOnlyList<(string, int, string, bool, string?, DateOnly?, string?)> ItemsOf(IEnumerable<ActionItemRecord> records) =>
        records.Select(r => (r.IncidentId, r.Line, r.Text, r.Done, r.Owner, r.Due, r.Gap)).Order().ToList();

    private static IReadOnlyList<(string, int, string, bool, string?, DateOnly?, string?)> ItemsOf(IncidentStore store) =>
        store.All().SelectMany(i => i.ActionItems.Select(a => (i.Id, a.Line, a.Text, a.Done, ActionItemRecord.OwnerOf(a.Owner), a.Due, a.Gap))).Order().ToList();

    [Fact]
    public void Action_item_records_follow_every_save_update_and_delete()
    {
        using var store = new IncidentStore(_data.Path, "tests");
        foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
        var catalog = IncidentCatalog.For(store);
        catalog.Load();

        var stored = store.Get("a-two-gaps")!;
        var item = stored.ActionItems.First(a => !a.Done);
        ActionItemTicker.SetDone(store, "a-two-gaps", item.Line, true, "zoe", stored.Revision);
        store.Delete("c-load", "zoe");

        Assert.Equal(ItemsOf(store), ItemsOf(store.ActionItemRecords()));
        Assert.True(store.ActionItemRecordsOf(["a-two-gaps"]).Single(r => r.Line == item.Line).Done);
        Assert.Empty(store.ActionItemRecordsOf(["c-load"]));
        Assert.Equal(store.Get("a-two-gaps")!.Revision, store.ActionItemRecordsOf(["a-two-gaps"]).Select(r => r.Revision).Distinct().Single());
        Assert.DoesNotContain(catalog.Incidents, i => i.Id == "c-load");
        Assert.True(catalog.Incidents.Single(i => i.Id == "a-two-gaps").Items.Single(i => i.Line == item.Line).Done);
    }

    [Fact]
    public void A_store_written_before_report_records_is_backfilled_once_at_open()
    {
        using (var store = new IncidentStore(_data.Path, "tests"))
        {
            foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
            // What a store written by an earlier version holds: neither collection nor the record of a backfill.
            store.Database.DropCollection(ReportRecords.DigestsCollection);
            store.Database.DropCollection(ReportRecords.ActionsCollection);
            store.Database.GetCollection("meta").Delete(ReportRecords.BackfilledKey);
        }

        using (var reopened = new IncidentStore(_data.Path, "tests"))
        {
            Assert.Equal(ItemsOf(reopened), ItemsOf(reopened.ActionItemRecords()));
            Assert.Equal(reopened.Count(), reopened.Database.GetCollection(ReportRecords.DigestsCollection).Count());
            var published = new IncidentFilter { Status = IncidentStatus.Published };
            Assert.Equal(reopened.Query(published, 0, 100).Page.Select(i => i.Id).Order(), reopened.Summaries(published).Select(d => d.Id).Order());
            Assert.NotNull(reopened.Database.GetCollection("meta").FindById(ReportRecords.BackfilledKey));
            // Once recorded, the next open trusts the records: one taken away by hand stays away.
            reopened.Database.GetCollection(ReportRecords.DigestsCollection).Delete("a-two-gaps");
        }

        using var again = new IncidentStore(_data.Path, "tests");
        Assert.Null(again.Database.GetCollection(ReportRecords.DigestsCollection).FindById("a-two-gaps"));
    }

    [Fact]
    public void The_catalog_starts_from_its_snapshot_only_while_the_store_is_at_the_same_generation()
    {
        IReadOnlyList<(string, int, bool)> Items(IncidentCatalog c) =>
            c.Incidents.SelectMany(i => i.Items.Select(item => (i.Id, item.Line, item.Done))).Order().ToList();
        IReadOnlyList<(string, int, bool)> expected;
        using (var store = new IncidentStore(_data.Path, "tests"))
        {
            foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
            expected = Items(IncidentCatalog.For(store));
            Assert.True(File.Exists(Path.Combine(_data.Path, IncidentCatalog.SnapshotFileName)));
        }
        using (var store = new IncidentStore(_data.Path, "tests"))
        {
            // Without digests, only the snapshot can fill the catalog.
            store.Database.GetCollection(ReportRecords.DigestsCollection).DeleteAll();
            Assert.Equal(expected, Items(IncidentCatalog.For(store)));
            foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text + "\nEdited.\n", "fixture.md"), "fixture");
            store.Delete("c-load", "fixture");
        }

        // Saved since: the snapshot is stale, and the digests (rewritten by those saves) are read.
        using var reopened = new IncidentStore(_data.Path, "tests");
        Assert.Equal(expected.Where(i => i.Item1 != "c-load"), Items(IncidentCatalog.For(reopened)));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.0)]
    public void A_catalog_snapshot_cut_short_or_emptied_is_passed_over_for_the_digests(double keptShare)
    {
        IReadOnlyList<(string, string, int, string)> Rows(IncidentCatalog c) =>
            c.Incidents.SelectMany(i => i.Items.Select(item => (i.Id, i.Title, item.Line, item.Text))).Order().ToList();
        IReadOnlyList<(string, string, int, string)> expected;
        using (var store = new IncidentStore(_data.Path, "tests"))
        {
            foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
            expected = Rows(IncidentCatalog.For(store));
        }
        var snapshot = Path.Combine(_data.Path, IncidentCatalog.SnapshotFileName);
        var bytes = File.ReadAllBytes(snapshot);
        File.WriteAllBytes(snapshot, bytes[..(int)(bytes.Length * keptShare)]);

        using var reopened = new IncidentStore(_data.Path, "tests");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, Rows(IncidentCatalog.For(reopened)));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("payments", null)]
    [InlineData(null, "checkout")]
    public void A_retro_counted_from_the_loaded_catalog_equals_the_one_read_from_the_stores_digests(string? team, string? service)
    {
        var request = new RetroRequest(RetroFixture.Q2, team, service);
        var taxonomy = Samples.Taxonomy.Value;
        string fromDigests;
        using (var store = new IncidentStore(_data.Path, "tests"))
        {
            foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
            Assert.False(IncidentCatalog.For(store).IsLoaded);
            fromDigests = System.Text.Json.JsonSerializer.Serialize(RetroBuilder.Build(store, taxonomy, request, RetroFixture.Today));
            IncidentCatalog.For(store).Load();
        }

        using var reopened = new IncidentStore(_data.Path, "tests");
        // Without digests, only the catalog (from its snapshot, titles, item texts and all) can give the same report.
        reopened.Database.GetCollection(ReportRecords.DigestsCollection).DeleteAll();
        IncidentCatalog.For(reopened).Load();
        var fromCatalog = System.Text.Json.JsonSerializer.Serialize(RetroBuilder.Build(reopened, taxonomy, request, RetroFixture.Today));

        Assert.Contains("\"Incidents\":", fromDigests);
        Assert.Equal(fromDigests, fromCatalog);
    }

    [Fact]
    public void Overdue_items_of_one_owner_come_through_the_indexes()
    {
        using var store = new IncidentStore(_data.Path, "tests");
        foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
        var today = RetroFixture.Today;

        var expected = ItemsOf(store.ActionItemRecords().Where(r => !r.Done && r.Due < today && string.Equals(r.Owner, "bob", StringComparison.OrdinalIgnoreCase)));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ItemsOf(store.ActionItemRecords("BOB", null, today)));
    }
}
