using Postmortems.Tests;

namespace Postmortems.Benchmarks;

public sealed record BenchmarkOptions(IReadOnlyList<int> Sizes, string WorkDirectory, string ReportPath, int Rounds, bool KeepWork, int Clients, TimeSpan LoadDuration)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var sizes = (Value("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new BenchmarkOptions(
            sizes,
            Value("--work") ?? Path.Combine(Path.GetTempPath(), "postmortems-benchmark"),
            Value("--report") ?? Path.Combine(TestPaths.RepoRoot, "docs", "benchmarks.md"),
            int.Parse(Value("--rounds") ?? "25", System.Globalization.CultureInfo.InvariantCulture),
            args.Contains("--keep"),
            int.Parse(Value("--clients") ?? "8", System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--seconds") ?? "15", System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public sealed class SizeResult(int size)
{
    public int Size { get; } = size;
    public long Bytes { get; set; }
    public double ImportSeconds { get; set; }
    public double ReindexSeconds { get; set; }
    public double RawIndexSeconds { get; set; }

    /// <summary>A reindex taken apart: reading every stored incident, parsing each (both on one thread), then analysing
    /// and writing the index from the parsed documents on every core, as a rebuild does.</summary>
    public double ReadSeconds { get; set; }
    public double ParseSeconds { get; set; }
    public double IndexParsedSeconds { get; set; }

    public Latencies? Search { get; set; }
    public Latencies? RawSearch { get; set; }

    /// <summary>The same searches asking for no hits: the count and the facets, without loading and highlighting hits.</summary>
    public Latencies? SearchWithoutHits { get; set; }

    /// <summary>Search and plain Lucene's search, for each shape of query in the mix.</summary>
    public List<(string Shape, Latencies Ours, Latencies Plain)> SearchByShape { get; } = [];
    public Latencies? Similar { get; set; }
    public Latencies? RawSimilar { get; set; }

    /// <summary>The design check of a 5 KB design text; plain Lucene: MoreLikeThis on the same text.</summary>
    public Latencies? DesignCheck { get; set; }
    public Latencies? RawDesignCheck { get; set; }

    /// <summary>GET /incidents/{id}, the whole page, over HTTP.</summary>
    public Latencies? Page { get; set; }
    public double ColdStartSeconds { get; set; }

    /// <summary>Requests per second of each measured run of the load, in order; the figure reported is their median.</summary>
    public IReadOnlyList<double> ApiRuns { get; set; } = [];
    public double ApiRequestsPerSecond => ApiRuns.Order().ElementAt(ApiRuns.Count / 2);
    public Latencies? Api { get; set; }
    public double ResidentMegabytes { get; set; }

    /// <summary>The pages that count over every incident, on a freshly started app; the first searches on another.</summary>
    public IReadOnlyList<PageTiming> ReportPages { get; set; } = [];
    public StartSearches? StartSearches { get; set; }

    /// <summary>How long each step of the run took, in order, for a run too long to wait for.</summary>
    public List<(string Step, double Seconds)> Steps { get; } = [];
    public double ImportRate => Size / ImportSeconds;
    public double ReindexRate => Size / ReindexSeconds;
    public double RawIndexRate => Size / RawIndexSeconds;
    public double IndexParsedRate => Size / IndexParsedSeconds;
}

/// <summary>
/// What people type, in three shapes: a few keywords (some quoted, some with filters), descriptions of 4 to 10 words,
/// and sentences or questions pasted from a design doc or a chat.
/// </summary>
public static class QueryMix
{
    public static readonly IReadOnlyList<string> Keywords =
    [
        "connection pool timeout", "dns record ttl", "migration lock", "certificate expired", "kubernetes node",
        "retry", "rate limit throttled", "feature flag", "checkout timed out", "\"health check\"",
        "gap:load-testing timeout", "severity:sev1 cache", "service:checkout-api", "replica stale data", "schema column table",
        "unicode name csv export", "daylight saving clock", "sandbox mock contract", "webhook firewall", "leaked memory",
    ];

    public static readonly IReadOnlyList<string> Descriptions =
    [
        "retry storm after a dependency timed out", "migration locked a large table during deploy",
        "certificate expired on the load balancer", "cache key ttl too long after rollout",
        "feature flag turned on for every region", "cron job ran twice after the clock change",
        "connection pool exhausted under checkout traffic", "environment variable renamed in the config file",
        "replica lag served stale data to payments", "rate limit quota hit by the batch job",
    ];

    public static readonly IReadOnlyList<string> Sentences =
    [
        "why did checkout show stale prices after the deploy when the cache key ttl was changed?",
        "after the rollout the payments service timed out waiting for a connection from the pool, but the database looked healthy",
        "we saw the webhooks worker retry every failed call immediately and the queue backlog kept growing for hours",
        "The design moves the nightly batch job to a new scheduler; has a cron job ever run twice or not at all after a change like this?",
        "what happened last time a certificate expired on the gateway and nobody got an alert before customers noticed?",
        "our migration adds an index to the orders table with millions of rows, could the lock block writes during the deploy?",
        "The kubernetes node pool upgrade restarts every pod; has a health check or readiness probe misfired during a rollout before?",
        "we renamed an environment variable in the config file and the service silently fell back to the dev default",
        "has a feature flag that was meant for one region ever been turned on everywhere by mistake?",
        "a replica served stale data to the ledger for twenty minutes after a failover, how did others catch that?",
    ];

    /// <summary>Every query of the mix: the search targets are measured over all of it.</summary>
    public static readonly IReadOnlyList<string> Queries = [.. Keywords, .. Descriptions, .. Sentences];

    /// <summary>The mix by shape, reported separately.</summary>
    public static readonly IReadOnlyList<(string Shape, IReadOnlyList<string> Queries)> Shapes =
        [("keywords (1-3 words)", Keywords), ("descriptions (4-10 words)", Descriptions), ("sentences (10-40 words)", Sentences)];

    /// <summary>The query without field filters or quotes: what plain Lucene is asked.</summary>
    public static string PlainWords(string query) =>
        string.Join(' ', query.Replace("\"", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Contains(':')).DefaultIfEmpty(query.Split(':')[^1]));
}
