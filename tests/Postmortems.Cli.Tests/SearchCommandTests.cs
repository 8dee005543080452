using System.Text.Json;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed class SearchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string ImportedData()
    {
        var data = _temp.Combine("data");
        Assert.Equal(0, CliRunner.Run("--data", data, "import", TestPaths.ContentIncidents).ExitCode);
        return data;
    }

    [Fact]
    public void Search_finds_the_right_incident_first_in_a_store_the_index_has_not_seen()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "search", "connection", "pool", "timeout", "--limit", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("incident(s) match \"connection pool timeout\", the first 3 shown", result.Output);
        Assert.Matches(@"  1\. Checkout timed out on Cyber Monday[^\n]*\n\s+2024-12-02-checkout-pool-env-var-rename", result.Output);
        Assert.Contains("Root cause: ", result.Output);
        Assert.Matches(@"gaps: [^\n]*load-testing \(", result.Output);
        Assert.Matches(@"matched: connection \(Summary, Root cause", result.Output);
    }

    [Fact]
    public void Search_json_has_total_hits_and_facets_in_the_documented_shape()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "search", "gap:load-testing", "--json", "--limit", "2");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(["total", "hits", "facets"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, root.GetProperty("total").GetInt32());
        var hits = root.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(2, hits.Count);
        foreach (var hit in hits)
        {
            Assert.Equal(["id", "title", "source", "score", "snippet", "matched", "partial"], hit.EnumerateObject().Select(p => p.Name));
            Assert.True(hit.GetProperty("score").GetDouble() > 0);
            Assert.StartsWith("Summary: ", hit.GetProperty("snippet").GetString());
        }
        var facets = root.GetProperty("facets");
        Assert.Equal(["gaps", "differences", "services", "teams", "severity", "status", "year", "kind"], facets.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, facets.GetProperty("gaps").GetProperty("load-testing").GetInt32());
    }

    [Fact]
    public void Search_exits_1_with_a_suggestion_when_nothing_matches()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "search", "kubernetse");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No incident matches \"kubernetse\".", result.Output);
        Assert.Contains("Did you mean: kubernetes", result.Error);
    }

    [Fact]
    public void Search_exits_0_when_it_prints_only_partial_matches_and_marks_them()
    {
        var data = ImportedData();

        var text = CliRunner.Run("--data", data, "search", "connection", "pool", "zzyzxqwv", "flurbotron");
        var json = CliRunner.Run("--data", data, "search", "connection", "pool", "zzyzxqwv", "flurbotron", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("(partial match)", text.Output);
        Assert.Matches(@"matched: connection \([A-Z]", text.Output);
        Assert.Equal(0, json.ExitCode);
        var hits = JsonDocument.Parse(json.Output).RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, hit => Assert.True(hit.GetProperty("partial").GetBoolean()));
        Assert.Contains(hits, hit => hit.GetProperty("matched").EnumerateArray().Any(m => m.GetProperty("word").GetString() == "pool"));
    }

    [Fact]
    public void Search_exits_0_when_a_query_it_cannot_read_as_typed_still_prints_incidents_for_its_words()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "search", "timeout", "AND");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("'AND' needs a word on each side", result.Error);
        Assert.Contains("incident(s) match", result.Output);
    }

    [Fact]
    public void Search_explains_a_malformed_query_and_never_fails()
    {
        var data = ImportedData();

        var result = CliRunner.Run("--data", data, "search", "title:(unclosed", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("A '(' is not closed", result.Error);
        Assert.Equal(0, JsonDocument.Parse(result.Output).RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public void Reindex_rebuilds_the_index_from_the_store()
    {
        var data = ImportedData();
        Directory.CreateDirectory(Path.Combine(data, "index"));
        File.WriteAllText(Path.Combine(data, "index", "segments_9"), "not an index");

        var result = CliRunner.Run("--data", data, "reindex");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Indexed {TestPaths.SeedIncidentFiles().Count()} incident(s) into {Path.Combine(data, "index")}.", result.Output);
        Assert.Equal(0, CliRunner.Run("--data", data, "search", "dns", "ttl").ExitCode);
    }

    [Fact]
    public void Search_refuses_a_limit_out_of_range()
    {
        var result = CliRunner.Run("--data", _temp.Combine("data"), "search", "pool", "--limit", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--limit must be between 1 and", result.Error);
    }
}
