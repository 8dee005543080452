using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Postmortems.Benchmarks;

public static class Report
{
    public static string Write(IReadOnlyList<SizeResult> results, BenchmarkOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine($"Written by `tests/Postmortems.Benchmarks` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Machine()}.").AppendLine();
        text.AppendLine("Run it again with `dotnet run -c Release --project tests/Postmortems.Benchmarks -- --sizes 1000,10000,100000`.")
            .AppendLine("Incidents are generated (deterministic, every field filled, 2 to 10 KB, words drawn with a Zipf-like skew); ")
            .AppendLine("search times are the full search call (top 10, snippets, facet counts over all matches) over a fixed mix of ")
            .AppendLine($"{QueryMix.Queries.Count} queries, {options.Rounds} rounds after a warm-up; plain Lucene is EnglishAnalyzer over a title and a body ")
            .AppendLine("field with a two-field query for the top 10 and their stored fields, in the same run, on the same documents.").AppendLine();

        text.AppendLine("| incidents | MB of Markdown | import /s | reindex /s | plain Lucene index /s | search p50 | p95 | p99 | plain Lucene p50 | p99 | p50 ratio | similar p50 | p99 | incident page p50 |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Size:N0} | {r.Bytes / 1e6:0.0} | {r.ImportRate:N0} | {r.ReindexRate:N0} | {r.RawIndexRate:N0} | {r.Search!.P50:0.00} ms | {r.Search.P95:0.00} ms | {r.Search.P99:0.00} ms | {r.RawSearch!.P50:0.00} ms | {r.RawSearch.P99:0.00} ms | {r.Search.P50 / r.RawSearch.P50:0.0}× | {r.Similar!.P50:0.00} ms | {r.Similar.P99:0.00} ms | {r.Render!.P50:0.00} ms |"));
        }
        text.AppendLine();
        text.AppendLine("Where search time goes: the same queries asking for no hits (count and facet counts only):").AppendLine();
        foreach (var r in results) text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {r.Size:N0}: {r.SearchWithoutHits}"));
        text.AppendLine();

        var largest = results.MaxBy(r => r.Size)!;
        var tenThousand = results.FirstOrDefault(r => r.Size == 10_000);
        text.AppendLine($"## Targets at {largest.Size:N0} incidents").AppendLine();
        text.AppendLine("| target | measured | |").AppendLine("|---|---:|---|");
        Target(text, "import from files ≥ 1,500 incidents/s", $"{largest.ImportRate:N0}/s", largest.ImportRate >= 1500);
        Target(text, "reindex from the store ≥ 3,000 incidents/s", $"{largest.ReindexRate:N0}/s", largest.ReindexRate >= 3000);
        Target(text, "search p50 ≤ 10 ms", $"{largest.Search!.P50:0.00} ms", largest.Search.P50 <= 10);
        Target(text, "search p99 ≤ 50 ms", $"{largest.Search.P99:0.00} ms", largest.Search.P99 <= 50);
        Target(text, "search p50 within 3× plain Lucene's", $"{largest.Search.P50 / largest.RawSearch!.P50:0.0}×", largest.Search.P50 <= 3 * largest.RawSearch.P50);
        if (tenThousand is not null && largest.Size == 100_000)
            Target(text, "search p50 at 100,000 ≤ 4× the p50 at 10,000", $"{largest.Search.P50 / tenThousand.Search!.P50:0.0}×", largest.Search.P50 <= 4 * tenThousand.Search.P50);
        return text.ToString();
    }

    private static void Target(StringBuilder text, string target, string measured, bool met) =>
        text.AppendLine($"| {target} | {measured} | {(met ? "met" : "**missed**")} |");

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() : null;
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim() : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {memory ?? "? memory"}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
