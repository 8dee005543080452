using System.Text.Json;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Archive()
    {
        var folder = _temp.Combine("archive");
        Directory.CreateDirectory(Path.Combine(folder, "notes"));
        File.WriteAllText(Path.Combine(folder, "README.md"), "# Our postmortems\n");
        File.WriteAllText(Path.Combine(folder, "2024-03-01-db-failover.md"), "# Database failover took the API down\n\n## Root Cause Analysis\n\nThe replica was 40 minutes behind.\n");
        File.WriteAllText(Path.Combine(folder, "notes", "cache.md"), "---\nticket: OPS-7\ntitle: Cache stampede\nstart_time: 2024-05-02T10:00:00Z\n---\n\nThe cache was flushed on deploy.\n");
        return folder;
    }

    [Fact]
    public void A_dry_run_reports_everything_as_json_and_writes_nothing()
    {
        var data = _temp.Combine("data");
        var reportFile = _temp.Combine("report.json");

        var result = CliRunner.Run("--data", data, "import", Archive(), "--dry-run", "--report", reportFile);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Dry run, nothing written to", result.Output);
        Assert.Contains("2 new, 0 updated, 0 unchanged, 1 skipped, 0 failed", result.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(reportFile));
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, report.RootElement.GetProperty("totals").GetProperty("created").GetInt32());
        var files = report.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal("skipped", files["README.md"].GetProperty("outcome").GetString());
        Assert.Equal("free-form", files["2024-03-01-db-failover.md"].GetProperty("format").GetString());
        Assert.Contains("title ← front matter 'title'", files["notes/cache.md"].GetProperty("mapped").EnumerateArray().Select(m => m.GetString()));

        var export = CliRunner.Run("--data", data, "export", _temp.Combine("export"));
        Assert.Contains("Exported 0 incident(s)", export.Output);
    }

    [Fact]
    public void Exclude_leaves_files_out_and_a_second_import_changes_nothing()
    {
        var data = _temp.Combine("data");
        var archive = Archive();

        var first = CliRunner.Run("--data", data, "import", archive, "--exclude", "notes/**");
        var second = CliRunner.Run("--data", data, "import", archive, "--exclude", "notes/**");

        Assert.Contains("1 new, 0 updated, 0 unchanged, 2 skipped, 0 failed", first.Output);
        Assert.Contains("excluded by --exclude notes/**", first.Output);
        Assert.Contains("0 new, 0 updated, 1 unchanged, 2 skipped, 0 failed", second.Output);
    }

    [Fact]
    public void What_a_word_document_lost_is_listed_in_the_report()
    {
        var folder = _temp.Combine("word");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "outage.docx"), DocxFixture.Postmortem());

        var result = CliRunner.Run("--data", _temp.Combine("data"), "import", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Read 1 file(s) as docx", result.Output);
        Assert.Contains("outage.docx: not converted (the original is kept): an image ('p99 latency graph'); page footer: 'Confidential, internal only'", result.Output);
    }
}
