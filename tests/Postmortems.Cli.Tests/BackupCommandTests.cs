using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

/// <summary>`backup`, `restore`, `verify` and `export --salvage` on real stores, sound and damaged on disk.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Data => _temp.Combine("data");

    private string DatabaseFile => Path.Combine(Data, IncidentStore.DatabaseFileName);

    private int SeedCount => TestPaths.SeedIncidentFiles().Count();

    private void ImportContent() => Assert.Equal(0, CliRunner.Run("--data", Data, "import", TestPaths.ContentIncidents).ExitCode);

    /// <summary>A seed incident's id and a line of its text that no other incident has, to damage it on disk by.</summary>
    private static (string Id, string Line) OneSeedIncident()
    {
        var file = TestPaths.SeedIncidentFiles().ElementAt(5);
        var line = File.ReadLines(file).First(l => l.StartsWith("title:", StringComparison.Ordinal));
        return (Path.GetFileNameWithoutExtension(file), line);
    }

    [Fact]
    public void Backup_then_restore_into_an_empty_directory_gives_back_every_incident()
    {
        ImportContent();
        var backup = _temp.Combine("postmortems-backup.db");

        var made = CliRunner.Run("--data", Data, "backup", backup);
        var restored = _temp.Combine("restored");
        var restore = CliRunner.Run("--data", restored, "restore", backup);

        Assert.Equal(0, made.ExitCode);
        Assert.Contains($"Backed up {SeedCount} incident(s)", made.Output);
        Assert.Equal(0, restore.ExitCode);
        Assert.Contains($"Restored {SeedCount} incident(s) into {restored}", restore.Output);
        Assert.Equal(0, CliRunner.Run("--data", restored, "export", _temp.Combine("out")).ExitCode);
        foreach (var seed in TestPaths.SeedIncidentFiles())
            Assert.Equal(File.ReadAllText(seed), File.ReadAllText(_temp.Combine("out", Path.GetFileName(seed))));
        Assert.Contains("hits", CliRunner.Run("--data", restored, "search", "timeout", "--json").Output);
    }

    [Fact]
    public void Restore_refuses_a_directory_that_is_not_empty_and_changes_nothing()
    {
        ImportContent();
        var backup = _temp.Combine("backup.db");
        CliRunner.Run("--data", Data, "backup", backup);
        var before = File.ReadAllBytes(DatabaseFile);

        var result = CliRunner.Run("--data", Data, "restore", backup);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The data directory {Data} is not empty", result.Error);
        Assert.Equal(before, File.ReadAllBytes(DatabaseFile));
    }

    [Fact]
    public void Backup_while_the_app_holds_the_directory_says_how_to_ask_the_app()
    {
        ImportContent();
        using var app = DataDirectoryLock.Acquire(Data, "Postmortems web app");

        var result = CliRunner.Run("--data", Data, "backup", _temp.Combine("backup.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is in use by", result.Error);
        Assert.Contains("POST -H \"Authorization: Bearer $TOKEN\"", result.Error);
        Assert.Contains("/api/admin/backup", result.Error);
    }

    [Fact]
    public void Verify_exits_0_on_a_sound_store_and_1_listing_the_incident_on_a_damaged_page()
    {
        ImportContent();
        var clean = CliRunner.Run("--data", Data, "verify");
        var (id, line) = OneSeedIncident();
        DamagedFiles.FlipPagesHolding(DatabaseFile, line);

        var damaged = CliRunner.Run("--data", Data, "verify");

        Assert.Equal(0, clean.ExitCode);
        Assert.Contains($"Checked {SeedCount} incident(s)", clean.Output);
        Assert.Contains("no damage found", clean.Output);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains($"Damaged: incidents/{id}: ", damaged.Output);
        Assert.Contains("export DIR --salvage", damaged.Output);
    }

    [Fact]
    public void Verify_exits_1_when_the_database_header_is_destroyed()
    {
        ImportContent();
        DamagedFiles.Flip(DatabaseFile, 0, 4096);

        var result = CliRunner.Run("--data", Data, "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Damaged:", result.Output);
    }

    [Fact]
    public void Export_salvage_writes_every_readable_incident_and_lists_the_rest_without_stopping()
    {
        ImportContent();
        var (id, line) = OneSeedIncident();
        DamagedFiles.FlipPagesHolding(DatabaseFile, line);
        var target = _temp.Combine("salvaged");

        var result = CliRunner.Run("--data", Data, "export", target, "--salvage");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Not written: incidents/{id}: ", result.Error);
        var written = Directory.GetFiles(target, "*.md");
        Assert.Contains($"Salvaged {written.Length} incident(s)", result.Output);
        Assert.True(written.Length >= SeedCount - 3, $"only the incidents on the damaged page are lost ({written.Length} of {SeedCount} written)");
        foreach (var file in written)
            Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.ContentIncidents, Path.GetFileName(file))), File.ReadAllText(file));
    }
}
