using System.Diagnostics;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

/// <summary>What only separate processes can show: the data directory lock, and a kill in the middle of an import.</summary>
public sealed class ProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_second_process_is_refused_with_the_directory_and_owner_named_and_changes_nothing()
    {
        var data = _temp.Combine("data");
        using var store = new IncidentStore(data, "the test's store");

        using var child = CliRunner.Start("--data", data, "import", TestPaths.Content);
        var error = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(Patience);

        Assert.Equal(2, child.ExitCode);
        Assert.Contains($"The data directory {data} is in use by process {Environment.ProcessId}", error);
        Assert.Contains("the test's store", error);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public async Task A_process_killed_during_an_import_leaves_a_store_that_opens_with_every_finished_save()
    {
        var source = GenerateIncidents(_temp.Combine("in"), copies: 80);
        var data = _temp.Combine("data");

        using (var child = CliRunner.Start("--data", data, "import", source))
        {
            var deadline = DateTime.UtcNow + Patience;
            // Import commits 500 saves at a time (about 6 MB of pages), and LiteDB may write an open transaction's pages
            // to its log before the commit: 12 MB on disk means at least one batch is committed, and the rest is not.
            while (StoreBytes(data) < 12 * 1024 * 1024 && !child.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(10);
            Assert.False(child.HasExited, "the import finished before it could be killed: give it more files");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync().WaitAsync(Patience);
        }

        using var store = new IncidentStore(data, "after the kill");
        var stored = store.All().ToList();
        var total = Directory.GetFiles(source).Length;
        Assert.InRange(stored.Count, 1, total - 1);
        foreach (var incident in stored)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(source, incident.Id + ".md")), incident.Markdown);
            Assert.Single(store.Revisions(incident.Id));
        }

        var validator = new IncidentValidator(GapTaxonomy.LoadOrThrow(TestPaths.Content));
        var resumed = new IncidentImporter(store, validator).Import(source, "test");
        Assert.Equal(stored.Count, resumed.Count(ImportOutcome.Unchanged));
        Assert.Equal(total - stored.Count, resumed.Count(ImportOutcome.Created));
    }

    private static long StoreBytes(string data) =>
        Directory.Exists(data) ? Directory.EnumerateFiles(data, "*.db").Sum(f => new FileInfo(f).Length) : 0;

    /// <summary>Copies of the seed incidents under new ids: enough files for an import that takes a few seconds.</summary>
    private static string GenerateIncidents(string folder, int copies)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in TestPaths.SeedIncidentFiles())
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file);
            for (var i = 0; i < copies; i++)
            {
                var copyId = $"{id}-{i}";
                File.WriteAllText(Path.Combine(folder, copyId + ".md"), text.Replace($"id: {id}\n", $"id: {copyId}\n"));
            }
        }
        return folder;
    }
}
