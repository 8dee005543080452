using System.Text.Json;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed class NearMissCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static IEnumerable<string> NearMissFiles() =>
        TestPaths.SeedIncidentFiles().Where(f => File.ReadAllText(f).Contains("\nkind: near-miss\n", StringComparison.Ordinal));

    [Fact]
    public void Validate_names_a_near_miss_without_caught_by_and_an_unknown_control_with_the_nearest_id()
    {
        var seed = NearMissFiles().First(f => File.ReadAllText(f).Contains("caught-by:\n  - id: load-testing\n", StringComparison.Ordinal));
        var text = File.ReadAllText(seed);
        var misspelt = _temp.Combine(Path.GetFileName(seed));
        File.WriteAllText(misspelt, text.Replace("caught-by:\n  - id: load-testing\n", "caught-by:\n  - id: load-tests\n", StringComparison.Ordinal));
        var line = text[..text.IndexOf("  - id: load-testing", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var result = CliRunner.Run("validate", misspelt);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{misspelt}:{line}: Gap 'load-tests' in 'caught-by' is unknown. Use a gap from the taxonomy. Did you mean 'load-testing'?", result.Output);
    }

    [Fact]
    public void Validate_skips_the_near_miss_template_and_passes_every_seed_near_miss()
    {
        var result = CliRunner.Run("validate", TestPaths.Content);

        Assert.Equal(0, result.ExitCode);
        // The near-miss template sits beside the incidents' folder and is skipped, not checked as a near miss.
        Assert.Contains($"{TestPaths.SeedIncidentFiles().Count()} incident file(s) checked: {TestPaths.SeedIncidentFiles().Count()} valid", result.Output);
        Assert.True(NearMissFiles().Count() >= 10, "content/ holds at least 10 near misses");
    }

    [Fact]
    public void Search_finds_the_near_misses_by_kind_and_export_writes_them_byte_for_byte()
    {
        var data = _temp.Combine("data");
        Assert.Equal(0, CliRunner.Run("--data", data, "import", TestPaths.ContentIncidents).ExitCode);

        var search = CliRunner.Run("--data", data, "search", "kind:near-miss", "--json", "--limit", "50");
        var export = CliRunner.Run("--data", data, "export", _temp.Combine("out"));

        Assert.Equal(0, search.ExitCode);
        using var json = JsonDocument.Parse(search.Output);
        var ids = json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).Order().ToList();
        Assert.Equal(NearMissFiles().Select(Path.GetFileNameWithoutExtension).Order().ToList(), ids);
        Assert.Equal(0, export.ExitCode);
        foreach (var file in NearMissFiles())
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(_temp.Combine("out", Path.GetFileName(file))));
    }
}
