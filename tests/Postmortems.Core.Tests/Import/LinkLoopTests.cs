using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Import;

/// <summary>Links in an imported folder: a loop or a self-link is a skipped file with its reason, never a hang or a crash.</summary>
public sealed class LinkLoopTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly IncidentValidator _validator = new(Samples.Taxonomy.Value);

    public void Dispose() => _temp.Dispose();

    private static string Incident(string id) => Samples.Complete.Replace("2025-03-14-checkout-pool-exhaustion", id);

    /// <summary>Two incidents, a sub-folder with a third, two links back up (a loop with two ways round) and a file linking to itself.</summary>
    private string FolderWithLoops()
    {
        var folder = _temp.Combine("in");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "2025-01-01-one.md"), Incident("2025-01-01-one"));
        File.WriteAllText(Path.Combine(folder, "2025-01-02-two.md"), Incident("2025-01-02-two"));
        File.WriteAllText(Path.Combine(folder, "sub", "2025-01-03-three.md"), Incident("2025-01-03-three"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "again"), folder);
        File.CreateSymbolicLink(Path.Combine(folder, "self.md"), "self.md");
        return folder;
    }

    [Fact]
    public void The_walk_follows_no_folder_twice_and_names_each_link_it_did_not_follow()
    {
        var folder = FolderWithLoops();

        var entries = FolderWalk.Entries(folder, "*.md");

        Assert.Equal(["2025-01-01-one.md", "2025-01-02-two.md", "sub/2025-01-03-three.md"],
            entries.Where(e => e.SkipReason is null).Select(e => Path.GetRelativePath(folder, e.Path)));
        var skipped = entries.Where(e => e.SkipReason is not null).ToDictionary(e => Path.GetRelativePath(folder, e.Path), e => e.SkipReason!);
        Assert.Equal(FolderWalk.LinkLoop, skipped["self.md"]);
        Assert.Contains($"a link to {folder}, a folder already read", skipped["sub/up"]);
        Assert.Contains($"a link to {folder}, a folder already read", skipped["sub/again"]);
    }

    [Fact]
    public void A_folder_reached_through_a_link_first_is_read_once()
    {
        var folder = _temp.Combine("in");
        var shared = _temp.Combine("in", "shared");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, "a.md"), "x");
        Directory.CreateSymbolicLink(Path.Combine(folder, "a-link"), shared);

        var entries = FolderWalk.Entries(folder, "*.md");

        Assert.Equal(Path.Combine(shared, "a.md"), Assert.Single(entries, e => e.SkipReason is null).Path);
        Assert.Equal(Path.Combine(folder, "a-link"), Assert.Single(entries, e => e.SkipReason is not null).Path);
        Assert.Equal(Path.GetFullPath(shared), FolderWalk.RealPath(Path.Combine(folder, "a-link")));
    }

    [Fact]
    public void Import_skips_a_link_loop_and_a_self_link_with_the_reason_and_imports_the_rest()
    {
        var folder = FolderWithLoops();
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var report = new IncidentImporter(store, _validator).Import(folder, "alice");

        Assert.Equal(3, report.Count(ImportOutcome.Created));
        Assert.Equal(0, report.Count(ImportOutcome.Failed));
        var skipped = report.Files.Where(f => f.Outcome == ImportOutcome.Skipped).ToDictionary(f => f.Path, f => f.Reason!);
        Assert.Equal(FolderWalk.LinkLoop, skipped["self.md"]);
        Assert.Contains("a folder already read", skipped["sub/up"]);
        Assert.Equal(3, store.Count());
    }

    [Fact]
    public void An_import_stopped_by_an_error_reports_every_incident_it_committed()
    {
        var folder = _temp.Combine("in");
        Directory.CreateDirectory(folder);
        foreach (var day in Enumerable.Range(1, 5)) File.WriteAllText(Path.Combine(folder, $"2025-01-0{day}-x.md"), Incident($"2025-01-0{day}-x"));
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        var progress = new FailingAfter(3);

        var error = Assert.Throws<ImportInterruptedException>(() => new IncidentImporter(store, _validator).Import(folder, new ImportOptions("alice"), progress));

        // The fourth file was saved before its progress was shown: the open batch is committed as the import stops.
        Assert.Contains("The import stopped at 2025-01-04-x.md: the terminal went away", error.Message);
        Assert.Equal(["2025-01-01-x", "2025-01-02-x", "2025-01-03-x", "2025-01-04-x"], error.Report.Files.Where(f => f.Outcome == ImportOutcome.Created).Select(f => f.Id));
        Assert.Equal(["2025-01-01-x", "2025-01-02-x", "2025-01-03-x", "2025-01-04-x"], store.All().Select(i => i.Id));
    }

    /// <summary>A progress display that fails on a given file, as a closed terminal would: an error that is no file's fault.</summary>
    private sealed class FailingAfter(int files) : IProgress<FileProgress>
    {
        public void Report(FileProgress value)
        {
            if (value.Done > files) throw new IOException("the terminal went away");
        }
    }
}
