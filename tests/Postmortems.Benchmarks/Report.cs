using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Postmortems.Benchmarks;

public static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() : null;
        var memory = File.Exists("/proc/meminfo")
            ? $"{long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GB RAM"
            : "? RAM";
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}

public static class Report
{
    public static string Write(IReadOnlyList<SizeResult> results, BenchmarkOptions options, string loadAtStart, IReadOnlyList<WordFrequencies.Row> words)
    {
        var text = new StringBuilder();
        string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
        string Ms(double value) => F($"{value:0.00} ms");
        string Ratio(double ours, double plain) => F($"{ours / plain:0.0}×");

        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine($"Written by `tests/Postmortems.Benchmarks` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Machine.Describe()}; " +
                        $"load average {loadAtStart} at the start, {Machine.LoadAverage()} at the end.").AppendLine();
        text.AppendLine("Run it again with `dotnet run -c Release --project tests/Postmortems.Benchmarks -- --sizes 1000,10000,100000`")
            .AppendLine("(options: `--rounds N` searches per query, `--clients N` and `--seconds N` for the HTTP load, `--work DIR`, `--keep`; `--pages` measures only the report pages and the first searches after a start, on data kept in the work directory).")
            .AppendLine("Incidents are generated (deterministic, every field filled, 2 to 10 KB, each about a few topics of its own: see the last table). Import is")
            .AppendLine("`IncidentImporter` on the Markdown files (parse, validate, store, index); search is the full search call (top 10,")
            .AppendLine($"snippets, facet counts over all matches) over a fixed mix of {QueryMix.Queries.Count} queries, {options.Rounds} rounds after {Measure.WarmUp.TotalSeconds:0} s of untimed rounds (JIT tiering).")
            .AppendLine("The web app is the Release build of `src/Postmortems.Web`, started as its own process on the data directory the run")
            .AppendLine("built (index current); cold start is process start to the first 200 of `/`; the page is `GET /incidents/{id}`;")
            .AppendLine($"`GET /api/search` runs the same queries with {options.Clients} clients on loopback, {WebApp.LoadRuns} runs of {options.LoadDuration.TotalSeconds:0} s after {WebApp.LoadWarmUp.TotalSeconds:0} s of the same load, unmeasured")
            .AppendLine("(the figure is their median, each run in brackets); resident memory is the app's VmRSS after all of that. Plain Lucene")
            .AppendLine("is EnglishAnalyzer over a title and a body field (indexed on one thread), a two-field query for the top 10 with stored")
            .AppendLine("fields, and MoreLikeThis, in the same run on the same documents; searches, similar incidents and the design check are")
            .AppendLine("timed call by call in turn with plain Lucene's version of the same call, so that a machine that slows down or speeds")
            .AppendLine("up during the run does so for both sides of a ratio.").AppendLine();

        text.AppendLine("## Writing").AppendLine();
        text.AppendLine("| incidents | MB of Markdown | import /s | reindex /s | reindex taken apart: read, parse (1 thread) | then index the parsed documents /s | plain Lucene index /s |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            text.AppendLine(F($"| {r.Size:N0} | {r.Bytes / 1e6:0.0} | {r.ImportRate:N0} | {r.ReindexRate:N0} | {r.ReadSeconds:0.0} s, {r.ParseSeconds:0.0} s | {r.IndexParsedRate:N0} | {r.RawIndexRate:N0} |"));
        text.AppendLine();
        var biggest = results.MaxBy(r => r.Size)!;
        text.AppendLine(F($"Indexing alone, from documents already read and parsed, on every core, ran at {biggest.IndexParsedRate:N0}/s at {biggest.Size:N0} (the"))
            .AppendLine(F($"reindex: {biggest.ReindexRate:N0}/s): a reindex is bound by writing the index, not by reading the store or parsing, which run"))
            .AppendLine("beside it. (This measure holds every parsed document in memory, which makes the garbage collector's work heavier than")
            .AppendLine("in a reindex: at the largest size it can come out slower than the reindex itself.) Each incident's text is analysed")
            .AppendLine("once and indexed twice (its weighted field, which ranks, and the combined field, which finds, counts and facets), plus")
            .AppendLine("a field of unstemmed words for \"did you mean\" and eleven exact fields with doc values; plain Lucene indexes it once,")
            .AppendLine("in two fields, on one thread.").AppendLine();

        text.AppendLine("## Reading (p50 / p95 / p99)").AppendLine();
        text.AppendLine("| incidents | search | plain Lucene search | p50 ratio | count and facets only | similar incidents | plain MoreLikeThis | design check (5 KB) | plain MoreLikeThis of the text | incident page over HTTP |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine($"| {r.Size:N0} | {Three(r.Search!)} | {Three(r.RawSearch!)} | {Ratio(r.Search!.P50, r.RawSearch!.P50)} | {Three(r.SearchWithoutHits!)} | " +
                            $"{Three(r.Similar!)} | {Three(r.RawSimilar!)} | {Three(r.DesignCheck!)} | {Three(r.RawDesignCheck!)} | {Three(r.Page!)} |");
        }
        text.AppendLine();

        text.AppendLine("### Search by shape of query (p50 / p95 / p99)").AppendLine();
        text.AppendLine("Keywords, descriptions and pasted sentences or questions, each measured on its own (ours and plain Lucene in turn, as above).").AppendLine();
        text.AppendLine("| incidents | shape | queries | search | plain Lucene search | p50 ratio |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            foreach (var (shape, ours, plain) in r.SearchByShape)
                text.AppendLine($"| {r.Size:N0} | {shape} | {QueryMix.Shapes.Single(s => s.Shape == shape).Queries.Count} | {Three(ours)} | {Three(plain)} | {Ratio(ours.P50, plain.P50)} |");
        }
        text.AppendLine();

        text.AppendLine("## The web app").AppendLine();
        text.AppendLine($"| incidents | cold start | GET /api/search, {options.Clients} clients (each run) | its latency p50 / p95 / p99 | resident memory after warm-up |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            text.AppendLine(F($"| {r.Size:N0} | {r.ColdStartSeconds:0.00} s | {r.ApiRequestsPerSecond:N0} requests/s ({string.Join(", ", r.ApiRuns.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))}) | {Three(r.Api!)} | {r.ResidentMegabytes:N0} MB |"));
        text.AppendLine();

        var largest = results.MaxBy(r => r.Size)!;
        var tenThousand = results.FirstOrDefault(r => r.Size == 10_000);
        text.AppendLine($"## Targets at {largest.Size:N0} incidents").AppendLine();
        text.AppendLine("| target | measured | |").AppendLine("|---|---:|---|");
        Target(text, "import from files ≥ 1,500 incidents/s", F($"{largest.ImportRate:N0}/s"), largest.ImportRate >= 1500);
        Target(text, "reindex from the store ≥ 3,000 incidents/s", F($"{largest.ReindexRate:N0}/s"), largest.ReindexRate >= 3000);
        Target(text, "search p50 ≤ 10 ms", Ms(largest.Search!.P50), largest.Search.P50 <= 10);
        Target(text, "search p99 ≤ 50 ms", Ms(largest.Search.P99), largest.Search.P99 <= 50);
        Target(text, "search p50 within 3× plain Lucene's", Ratio(largest.Search.P50, largest.RawSearch!.P50), largest.Search.P50 <= 3 * largest.RawSearch.P50);
        if (tenThousand is not null && largest.Size == 100_000)
            Target(text, "search p50 at 100,000 ≤ 4× the p50 at 10,000", Ratio(largest.Search.P50, tenThousand.Search!.P50), largest.Search.P50 <= 4 * tenThousand.Search.P50);
        Target(text, $"GET /api/search ≥ 300 requests/s with {options.Clients} clients", F($"{largest.ApiRequestsPerSecond:N0}/s"), largest.ApiRequestsPerSecond >= 300);
        Target(text, "cold start ≤ 5 s", F($"{largest.ColdStartSeconds:0.00} s"), largest.ColdStartSeconds <= 5);
        Target(text, "working set ≤ 600 MB", F($"{largest.ResidentMegabytes:N0} MB"), largest.ResidentMegabytes <= 600);
        text.AppendLine();

        text.AppendLine("## How often the query words occur").AppendLine();
        text.AppendLine("The share of incidents that use each word of the query mix (word start, any case): in the first 2,000 generated files,")
            .AppendLine("and in the public postmortems of `../shared/corpus`. A generated incident is about a few things of its own, as a real")
            .AppendLine("one is; where the generated share is higher, searches here find, score and count more incidents than they would in a")
            .AppendLine("real archive of the same size.").AppendLine();
        text.AppendLine("| word | generated | public postmortems |").AppendLine("|---|---:|---:|");
        foreach (var row in words)
            text.AppendLine(F($"| {row.Word} | {row.Generated:P0} | {(row.Public is { } share ? F($"{share:P0}") : "(../shared/corpus absent)")} |"));
        text.AppendLine();

        text.Append(ReportPages.Table(results.Select(r => (r.Size, r.ReportPages, r.StartSearches)).ToList()));
        text.AppendLine("## How long each step took").AppendLine();
        foreach (var r in results)
            text.AppendLine(F($"- {r.Size:N0}: ") + string.Join("; ", r.Steps.Select(s => F($"{s.Step} {s.Seconds:0.0} s"))));
        return text.ToString();
    }

    private static string Three(Latencies l) => string.Create(CultureInfo.InvariantCulture, $"{l.P50:0.00} / {l.P95:0.00} / {l.P99:0.00} ms");

    private static void Target(StringBuilder text, string target, string measured, bool met) =>
        text.AppendLine($"| {target} | {measured} | {(met ? "met" : "**missed**")} |");
}
