using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Validate_exits_0_on_the_content_folder()
    {
        var result = CliRunner.Run("validate", TestPaths.Content);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{TestPaths.SeedIncidentFiles().Count()} incident file(s) checked: {TestPaths.SeedIncidentFiles().Count()} valid, 0 with problems", result.Output);
    }

    [Fact]
    public void Validate_exits_1_naming_the_file_the_line_and_the_suggested_gap()
    {
        var seed = TestPaths.SeedIncidentFiles().First(f => File.ReadAllText(f).Contains("  - id: config-review\n"));
        var broken = File.ReadAllText(seed).Replace("  - id: config-review\n", "  - id: confg-review\n");
        var rootCause = broken.IndexOf("## Root cause", StringComparison.Ordinal);
        broken = broken.Remove(rootCause, broken.IndexOf("\n## ", rootCause, StringComparison.Ordinal) + 1 - rootCause);
        var copy = _temp.Combine(Path.GetFileName(seed));
        File.WriteAllText(copy, broken);
        var gapLine = broken[..broken.IndexOf("confg-review", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var result = CliRunner.Run("validate", copy);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{copy}:{gapLine}: Gap 'confg-review' is unknown. Use a gap from the taxonomy. Did you mean 'config-review'?", result.Output);
        Assert.Matches($@"{Regex.Escape(copy)}:\d+: Required section '## Root cause' is missing", result.Output);
    }

    [Fact]
    public void Validate_exits_2_for_a_path_that_does_not_exist()
    {
        var result = CliRunner.Run("validate", _temp.Combine("nowhere"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or folder", result.Error);
    }

    [Fact]
    public void Import_then_export_gives_back_the_content_incidents_byte_for_byte()
    {
        var data = _temp.Combine("data");
        var export = _temp.Combine("export");

        var import = CliRunner.Run("--data", data, "import", TestPaths.Content);
        var again = CliRunner.Run("--data", data, "import", TestPaths.Content);
        var exported = CliRunner.Run("--data", data, "export", export);

        var count = TestPaths.SeedIncidentFiles().Count();
        Assert.Equal(0, import.ExitCode);
        Assert.Contains($"{count} new, 0 updated, 0 unchanged", import.Output);
        Assert.Contains($"0 new, 0 updated, {count} unchanged", again.Output);
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains($"Exported {count} incident(s)", exported.Output);
        foreach (var source in TestPaths.SeedIncidentFiles())
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(export, Path.GetFileName(source))));
    }

    [Fact]
    public void Import_exits_1_when_a_file_fails_and_still_imports_the_others()
    {
        var folder = _temp.Combine("in");
        Directory.CreateDirectory(folder);
        var good = TestPaths.SeedIncidentFiles().First();
        File.Copy(good, Path.Combine(folder, Path.GetFileName(good)));
        File.WriteAllText(Path.Combine(folder, "broken.md"), "---\nid: broken\ntitle: x\nstatus: published\n---\n");

        var result = CliRunner.Run("--data", _temp.Combine("data"), "import", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 new, 0 updated, 0 unchanged, 0 skipped, 1 failed", result.Output);
        Assert.Contains("broken.md: not imported", result.Error);
        Assert.Contains("broken.md:5: The incident has no severity", result.Error);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("import")]
    [InlineData("export")]
    public void Every_command_has_help(string command)
    {
        var result = CliRunner.Run(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($" {command} <", result.Output);
        Assert.Contains("--data", result.Output);
    }

    [Fact]
    public void A_command_without_its_argument_is_a_usage_error()
    {
        var result = CliRunner.Run("import");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Required argument 'path' missing", result.Output + result.Error);
    }
}
