using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

/// <summary>`import` and `validate` on a folder with a link loop and a file linking to itself: they finish and say what they skipped.</summary>
public sealed class LinkLoopCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string FolderWithLoops()
    {
        var folder = _temp.Combine("in");
        Directory.CreateDirectory(Path.Combine(folder, "team"));
        foreach (var seed in TestPaths.SeedIncidentFiles().Take(3)) File.Copy(seed, Path.Combine(folder, "team", Path.GetFileName(seed)));
        // Two links back up: without a visited set each level doubles the work, as a real archive's links once did.
        Directory.CreateSymbolicLink(Path.Combine(folder, "team", "all"), "..");
        Directory.CreateSymbolicLink(Path.Combine(folder, "team", "root"), folder);
        File.CreateSymbolicLink(Path.Combine(folder, "loop.md"), "loop.md");
        return folder;
    }

    [Fact]
    public void Import_finishes_reports_the_loops_as_skipped_and_imports_the_rest()
    {
        var folder = FolderWithLoops();

        var result = CliRunner.Run("--data", _temp.Combine("data"), "import", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Skipped 1 file(s), a link that leads back to itself (a link loop): not read: loop.md", result.Output);
        Assert.Contains($"a link to {folder}, a folder already read", result.Output);
        Assert.Contains("3 new, 0 updated, 0 unchanged, 3 skipped, 0 failed", result.Output);
    }

    [Fact]
    public void Validate_finishes_and_names_each_link_it_did_not_follow()
    {
        var folder = FolderWithLoops();

        var result = CliRunner.Run("validate", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{Path.Combine(folder, "loop.md")}: skipped: a link that leads back to itself (a link loop): not read", result.Output);
        Assert.Contains($"{Path.Combine(folder, "team", "all")}: skipped: a link to {folder}, a folder already read", result.Output);
        Assert.Contains("3 incident file(s) checked: 3 valid", result.Output);
    }
}
