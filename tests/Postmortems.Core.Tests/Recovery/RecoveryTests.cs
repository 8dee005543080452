using LiteDB;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Recovery;

/// <summary>Verify, salvage, backup and restore, on real database files damaged on disk.</summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Data => _temp.Combine("data");
    private string DatabaseFile => Path.Combine(Data, IncidentStore.DatabaseFileName);

    private void StoreOf(int count)
    {
        using var store = new IncidentStore(Data, "tests");
        StoreRecovery.Fill(store, count);
    }

    [Fact]
    public void Every_save_keeps_the_checksum_of_its_text_and_a_sound_store_verifies_clean()
    {
        StoreOf(5);

        var report = StoreVerifier.Verify(DatabaseFile);

        Assert.True(report.Clean, string.Join("\n", report.Damaged));
        Assert.Equal(5, report.Incidents);
        Assert.Equal(0, report.WithoutChecksum);
        Assert.True(report.Documents > 10, "revisions and the store's own records are read too");
        using var store = new IncidentStore(Data, "tests");
        Assert.Equal(IncidentChecksum.Of(StoreRecovery.Text(3)), store.Get(StoreRecovery.Id(3))!.Sha256);
    }

    [Fact]
    public void An_incident_saved_before_checksums_existed_is_counted_as_without_one_not_as_damaged()
    {
        StoreOf(3);
        using (var database = new LiteDatabase(DatabaseFile))
        {
            var incidents = database.GetCollection("incidents");
            var old = incidents.FindById(StoreRecovery.Id(2));
            old.Remove("Sha256");
            incidents.Update(old);
        }

        var report = StoreVerifier.Verify(DatabaseFile);

        Assert.True(report.Clean);
        Assert.Equal(1, report.WithoutChecksum);
    }

    [Fact]
    public void Verify_lists_an_incident_whose_page_is_damaged_and_one_whose_text_was_changed_on_disk()
    {
        StoreOf(12);
        DamagedFiles.FlipPagesHolding(DatabaseFile, StoreRecovery.Marker(6));
        DamagedFiles.Overwrite(DatabaseFile, StoreRecovery.Marker(9), StoreRecovery.Marker(9).Replace("marker", "MARKER"));

        var report = StoreVerifier.Verify(DatabaseFile);

        Assert.False(report.Clean);
        var damaged = report.Damaged.Where(d => d.Collection == "incidents").ToDictionary(d => d.Id!, d => d.Problem);
        Assert.Contains(StoreRecovery.Id(6), damaged.Keys);
        Assert.Contains("does not match the checksum saved with it", damaged[StoreRecovery.Id(9)]);
        Assert.True(damaged.Count <= 4, $"one damaged page costs only the incidents on it: {string.Join("\n", report.Damaged)}");
    }

    [Fact]
    public void Salvage_writes_every_incident_that_can_be_read_byte_for_byte_and_lists_the_rest()
    {
        StoreOf(12);
        DamagedFiles.FlipPagesHolding(DatabaseFile, StoreRecovery.Marker(6));
        var export = _temp.Combine("salvaged");

        var report = IncidentSalvage.Export(DatabaseFile, export);

        var unreadable = report.Unreadable.Select(d => d.Id).ToList();
        Assert.Contains(StoreRecovery.Id(6), unreadable);
        Assert.Equal(12, report.Written + unreadable.Count);
        Assert.True(report.Written >= 9, $"only the incidents on the damaged pages are lost: {string.Join("\n", report.Unreadable)}");
        foreach (var n in Enumerable.Range(1, 12).Where(n => !unreadable.Contains(StoreRecovery.Id(n))))
            Assert.Equal(StoreRecovery.Text(n), File.ReadAllText(Path.Combine(export, $"{StoreRecovery.Id(n)}.md")));
    }

    [Fact]
    public async Task A_backup_made_while_another_thread_saves_restores_into_an_empty_directory_as_a_consistent_store()
    {
        StoreOf(10);
        var backup = _temp.Combine("backups", "postmortems.db");
        BackupResult result;
        using (var store = new IncidentStore(Data, "tests"))
        {
            using var stop = new CancellationTokenSource();
            var edits = Task.Run(() =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                    store.Save(IncidentDocument.Parse(StoreRecovery.Text(1 + i % 10).Replace("Restored the setting.", $"Restored the setting, edit {i}.")), "bob");
            });
            result = StoreBackup.Write(store, backup);
            stop.Cancel();
            await edits;
        }

        var restored = _temp.Combine("restored");
        Assert.Equal(10, StoreBackup.Restore(backup, restored));

        using var copy = new IncidentStore(restored, "tests");
        Assert.Equal(10, copy.Count());
        Assert.Equal(result.Generation, copy.Generation);
        foreach (var incident in copy.All())
        {
            // The incident and its revisions come from the same moment: its last revision is its text.
            var last = copy.Revisions(incident.Id)[^1];
            Assert.Equal(incident.Revision, last.Number);
            Assert.Equal(incident.Markdown, last.Markdown);
        }
        Assert.True(StoreVerifier.Verify(Path.Combine(restored, IncidentStore.DatabaseFileName)) is { Clean: true });
    }

    [Fact]
    public void A_backup_never_overwrites_a_file_and_restore_refuses_a_directory_that_is_not_empty()
    {
        StoreOf(2);
        var backup = _temp.Combine("backup.db");
        using (var store = new IncidentStore(Data, "tests"))
        {
            StoreBackup.Write(store, backup);
            var again = Assert.Throws<IOException>(() => StoreBackup.Write(store, backup));
            Assert.Contains("already exists; a backup never overwrites a file", again.Message);
        }

        var error = Assert.Throws<IOException>(() => StoreBackup.Restore(backup, Data));

        Assert.Contains($"The data directory {Data} is not empty (postmortems.db", error.Message);
        Assert.Contains("restore writes only into an empty one", error.Message);
    }

    [Fact]
    public void A_damaged_store_is_not_backed_up_and_the_error_names_the_way_out()
    {
        StoreOf(12);
        DamagedFiles.FlipPagesHolding(DatabaseFile, StoreRecovery.Marker(6));
        using var store = new IncidentStore(Data, "tests");

        var error = Assert.Throws<StoreDamagedException>(() => StoreBackup.Write(store, _temp.Combine("backup.db")));

        Assert.Contains("export DIR --salvage", error.Message);
        Assert.False(File.Exists(_temp.Combine("backup.db")));
        Assert.False(File.Exists(_temp.Combine("backup.db.partial")));
    }

    [Fact]
    public void Restore_refuses_a_file_that_is_not_a_store()
    {
        var notABackup = _temp.Combine("notes.db");
        File.WriteAllText(notABackup, "not a database at all, just some text that is long enough to look like a header");

        var error = Assert.Throws<InvalidDataException>(() => StoreBackup.Restore(notABackup, _temp.Combine("restored")));

        Assert.Contains("is not a readable postmortems backup", error.Message);
        Assert.False(File.Exists(_temp.Combine("restored", IncidentStore.DatabaseFileName)));
    }
}
