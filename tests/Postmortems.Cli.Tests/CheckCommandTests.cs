using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Postmortems.Core.DesignCheck;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

/// <summary><c>postmortems check</c>: advisory (exit 0 whatever it finds), 2 only on an error, three output formats.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private const string Design = """
        # Add fulfilment_region to orders

        An ALTER TABLE orders ADD COLUMN fulfilment_region text NOT NULL DEFAULT 'eu' on the orders table (450M rows),
        then a backfill job that updates every row, then CREATE INDEX. The migration runs from the deploy pipeline.
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string ImportedData()
    {
        var data = _temp.Combine("data");
        Assert.Equal(0, CliRunner.Run("--data", data, "import", TestPaths.ContentIncidents).ExitCode);
        return data;
    }

    private string DesignFile(string text = Design, string name = "design.md")
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Check_prints_the_incidents_with_why_the_gaps_the_checklist_and_the_differences_and_exits_0()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "check", DesignFile());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Matches(@"^\d past incident\(s\) like this design \(read as: [^)]*backfill", result.Output);
        Assert.Matches(@"  1\. Orders API went down for 38 minutes[^\n]*\n\s+2025-01-21-orders-migration-table-rewrite-lock  2025-01-21  relevance 1\.00\n\s+shares: [^\n]*column", result.Output);
        Assert.Contains("Gaps that let them through", result.Output);
        Assert.Matches(@"\n  migration-review\s+\d\.\d\d  Schema or data migration not reviewed \(1", result.Output);
        Assert.Matches(@"Before you ship \(the steps of the top \d gaps\):\n  \[ \] ", result.Output);
        Assert.Contains("What differed between dev and prod when similar changes failed:", result.Output);
    }

    [Fact]
    public void Json_is_the_shape_the_api_answers_and_markdown_links_back_under_the_base_url()
    {
        var data = ImportedData();
        var file = DesignFile();

        var json = CliRunner.Run("--data", data, "check", file, "--json", "--limit", "3");
        var markdown = CliRunner.Run("--data", data, "check", file, "--markdown", "--base-url", "https://postmortems.example.com");

        Assert.Equal(0, json.ExitCode);
        using var parsed = JsonDocument.Parse(json.Output);
        Assert.Equal(["incidents", "gaps", "checklist", "differences", "terms", "markdown", "caughtBefore"], parsed.RootElement.EnumerateObject().Select(p => p.Name));
        var incidents = parsed.RootElement.GetProperty("incidents").EnumerateArray().ToList();
        Assert.InRange(incidents.Count, 1, 3);
        Assert.Equal("2025-01-21-orders-migration-table-rewrite-lock", incidents[0].GetProperty("id").GetString());
        Assert.Contains("](/incidents/2025-01-21-orders-migration-table-rewrite-lock)", parsed.RootElement.GetProperty("markdown").GetString());

        Assert.Equal(0, markdown.ExitCode);
        Assert.StartsWith("## Design check: past incidents like this change", markdown.Output);
        Assert.Contains("](https://postmortems.example.com/incidents/2025-01-21-orders-migration-table-rewrite-lock)", markdown.Output);
        Assert.Contains("- [ ] ", markdown.Output);
    }

    [Fact]
    public void A_design_like_nothing_in_the_store_still_exits_0_it_is_advice_not_a_gate()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "check", DesignFile("Zorblax quuxification of the frobnicator."));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("No past incident looks like this design", result.Output);
    }

    [Fact]
    public void An_empty_store_is_named_on_stderr_and_the_check_still_exits_0()
    {
        var data = _temp.Combine("empty");

        var result = CliRunner.Run("--data", data, "check", DesignFile());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"note: the store in {data} has no incidents", result.Error);
        Assert.Contains("postmortems import DIR", result.Error);
    }

    [Fact]
    public void Errors_exit_2_with_the_reason_a_missing_file_an_oversized_or_empty_text_bad_options()
    {
        var data = ImportedData();
        var big = DesignFile(new string('x', 100 * 1024) + "\n", "big.md");

        var missing = CliRunner.Run("--data", data, "check", _temp.Combine("nope.md"));
        var oversized = CliRunner.Run("--data", data, "check", big);
        var empty = CliRunner.Run("--data", data, "check", DesignFile("  \n", "empty.md"));
        var folder = CliRunner.Run("--data", data, "check", _temp.Path);
        var both = CliRunner.Run("--data", data, "check", DesignFile(), "--json", "--markdown");
        var limit = CliRunner.Run("--data", data, "check", DesignFile(), "--limit", "0");
        var baseUrl = CliRunner.Run("--data", data, "check", DesignFile(), "--base-url", "postmortems.example.com");

        Assert.All([missing, oversized, empty, folder, both, limit, baseUrl], r =>
        {
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("", r.Output);
        });
        Assert.Equal($"error: {_temp.Combine("nope.md")}: no such file", missing.Error.Trim());
        Assert.Equal($"error: {big}: The design text is 100.1 KB; the design check reads at most 100 KB. Check the sections that describe the change (what changes, rollout, risks) rather than the whole document.", oversized.Error.Trim());
        Assert.Contains("The design text is empty", empty.Error);
        Assert.Contains("is a folder", folder.Error);
        Assert.Contains("--json and --markdown cannot be used together", both.Error);
        Assert.Contains("--limit must be between 1 and 20", limit.Error);
        Assert.Contains("--base-url must be an absolute http(s) URL", baseUrl.Error);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_an_error_not_garbage_in()
    {
        var data = ImportedData();
        var latin1 = _temp.Combine("latin1.md");
        File.WriteAllBytes(latin1, Encoding.Latin1.GetBytes("Migration der Tabelle \"Bestellungen\" für große Kunden"));

        var result = CliRunner.Run("--data", data, "check", latin1);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid UTF-8", result.Error);
    }

    [Fact]
    public async Task A_dash_reads_the_design_from_standard_input_as_a_ci_job_pipes_a_pr_description()
    {
        var data = ImportedData();

        var json = await RunWithInput(Encoding.UTF8.GetBytes(Design), "--data", data, "check", "-", "--json");
        var oversized = await RunWithInput(new byte[DesignInput.MaxBytes + 10], "--data", data, "check", "-");

        Assert.Equal(0, json.ExitCode);
        using var parsed = JsonDocument.Parse(json.Output);
        Assert.Equal("2025-01-21-orders-migration-table-rewrite-lock", parsed.RootElement.GetProperty("incidents")[0].GetProperty("id").GetString());
        Assert.Equal(2, oversized.ExitCode);
        Assert.Contains("error: standard input: The design text is more than 100 KB", oversized.Error);
    }

    private static async Task<CliResult> RunWithInput(byte[] input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[typeof(CliApp).Assembly.Location, "--content", TestPaths.Content, .. args]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new CliResult(process.ExitCode, await output, await error);
    }
}
