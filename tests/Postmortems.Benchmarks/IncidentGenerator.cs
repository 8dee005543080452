using System.Globalization;
using System.Text;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Benchmarks;

/// <summary>
/// Deterministic native incidents for measuring: every field filled, gaps and differences from the taxonomy, sizes
/// from 2 to 10 KB. Like a real postmortem, each incident is about one thing: a few systems, components, failure
/// modes and causes of its own (some far more common across incidents than others), which its sentences keep coming
/// back to, with now and then a word from elsewhere. So a topical word is in a few percent of incidents, as in the
/// public archives, and the words every incident uses ("traffic", "errors", "on-call") are everywhere.
/// </summary>
public sealed class IncidentGenerator(GapTaxonomy taxonomy, int seed = 20261127)
{
    /// <summary>Changes whenever the text generated changes (generated files are kept between runs).</summary>
    public const int Version = 2;

    private static readonly string[] Systems =
    [
        "checkout", "payments", "ledger", "search", "identity", "login", "billing", "invoicing", "orders", "catalog", "inventory", "shipping",
        "notifications", "push", "email", "webhooks", "gateway", "edge", "cdn", "ingest", "analytics", "reporting", "exports", "imports",
        "scheduler", "queue", "worker", "cache", "session", "profile", "recommendations", "pricing", "tax", "fraud", "kyc", "onboarding",
        "mobile", "feed", "media", "uploads", "thumbnails", "audit", "permissions", "tokens", "secrets", "config", "metrics", "logging",
    ];

    private static readonly string[] Nouns =
    [
        "connection pool", "timeout", "retry", "deploy", "rollout", "migration", "index", "replica", "primary", "lock", "queue", "backlog",
        "certificate", "dns record", "load balancer", "health check", "feature flag", "environment variable", "config file", "secret",
        "kubernetes node", "pod", "container image", "cron job", "batch job", "cache key", "ttl", "rate limit", "quota", "disk", "memory",
        "thread pool", "circuit breaker", "schema", "column", "table", "partition", "consumer", "producer", "topic", "webhook", "sandbox",
        "mock", "contract", "library", "driver", "runtime", "kernel", "region", "availability zone", "network policy", "firewall", "proxy",
        "sidecar", "service mesh", "token", "session cookie", "clock", "timezone", "daylight saving", "leap day", "sequence", "integer",
        "unicode name", "csv export", "json payload", "date format", "api version", "sdk", "dashboard", "alert", "pager", "runbook",
    ];

    private static readonly string[] Verbs =
    [
        "timed out", "fell back to a default", "was exhausted", "stalled", "crashed", "restarted in a loop", "returned errors",
        "dropped requests", "held a lock", "filled up", "expired", "drifted", "was throttled", "lost writes", "served stale data",
        "doubled the load", "ignored the setting", "rejected the payload", "blocked deploys", "stopped silently", "leaked memory",
    ];

    private static readonly string[] Causes =
    [
        "the staging environment had a tenth of the data", "the default only made sense on a laptop", "nobody reviewed the config change",
        "the load test used a small pool", "the mock accepted what production rejects", "the migration was never rehearsed on production data",
        "the rollout went to every region at once", "there was no alert on the symptom", "the flag could not be turned off",
        "the rollback needed a schema change", "the test that covered it had been quarantined", "the upgrade changed a default",
        "the release went out on a Friday evening", "the dashboard hid the failing region", "customers noticed before we did",
    ];

    private static readonly string[] Owners = ["alice", "bob", "chen", "dmitri", "ebru", "farah", "gus", "hana", "ivan", "jo", "kwame", "lena", "mateo", "nora", "omar", "priya"];
    private static readonly string[] Teams = ["payments", "platform", "identity", "search", "data", "mobile", "growth", "orders", "infra", "notifications", "sre", "security"];

    private readonly Random _random = new(seed);

    /// <summary>Picks with a Zipf-like skew: the first entries of a list far more often than the last.</summary>
    private T Pick<T>(IReadOnlyList<T> items)
    {
        var u = _random.NextDouble();
        var index = (int)Math.Floor(Math.Pow(items.Count + 1, u)) - 1;
        return items[Math.Clamp(index, 0, items.Count - 1)];
    }

    /// <summary>Picks with a mild skew (weight 1/√rank): what an incident is about, common topics more often.</summary>
    private T Topic<T>(IReadOnlyList<T> items)
    {
        var weights = TopicWeights(items.Count);
        var target = _random.NextDouble() * weights[^1];
        var index = Array.BinarySearch(weights, target);
        return items[Math.Clamp(index < 0 ? ~index : index, 0, items.Count - 1)];
    }

    private static readonly Dictionary<int, double[]> CumulativeWeights = [];

    private static double[] TopicWeights(int count)
    {
        lock (CumulativeWeights)
        {
            if (CumulativeWeights.TryGetValue(count, out var weights)) return weights;
            weights = new double[count];
            for (var rank = 0; rank < count; rank++) weights[rank] = (rank > 0 ? weights[rank - 1] : 0) + 1 / Math.Sqrt(rank + 1);
            return CumulativeWeights[count] = weights;
        }
    }

    private T Uniform<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> Several<T>(IReadOnlyList<T> items, int min, int max) =>
        Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Topic(items)).Distinct().ToList();

    /// <summary>What one incident is about; its sentences draw from here, and rarely from anywhere.</summary>
    private sealed record Theme(List<string> Systems, List<string> Nouns, List<string> Verbs, List<string> Causes);

    private const double Elsewhere = 0.02;

    private string From(List<string> theme, IReadOnlyList<string> all) => _random.NextDouble() < Elsewhere ? Uniform(all) : Uniform(theme);

    private string Service(Theme theme) => $"{From(theme.Systems, Systems)}-{Pick(["api", "worker", "db", "service", "gateway", "consumer", "scheduler"])}";

    private string Sentence(Theme theme)
    {
        string System() => From(theme.Systems, Systems);
        string Noun() => From(theme.Nouns, Nouns);
        string Verb() => From(theme.Verbs, Verbs);
        string Cause() => From(theme.Causes, Causes);
        return _random.Next(5) switch
        {
            0 => $"The {System()} {Noun()} {Verb()} because {Cause()}.",
            1 => $"At {_random.Next(1, 99)}% of peak traffic the {Noun()} in {System()} {Verb()}, and the {Noun()} {Verb()} soon after.",
            2 => $"We saw {_random.Next(2, 5000)} errors per minute from {System()} while the {Noun()} {Verb()}.",
            3 => $"In dev the {Noun()} never {Verb()}, since {Cause()}.",
            _ => $"The on-call engineer checked the {Noun()}, then the {Noun()}, before finding that {Cause()}.",
        };
    }

    private string Paragraph(Theme theme, int bytes)
    {
        var text = new StringBuilder();
        while (text.Length < bytes) text.Append(Sentence(theme)).Append(' ');
        return text.ToString().TrimEnd();
    }

    public (string Id, string Markdown) Next(int number)
    {
        var date = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(_random.Next(0, 5 * 365 * 24 * 60));
        var theme = new Theme(Several(Systems, 1, 2), Several(Nouns, 2, 4), Several(Verbs, 2, 3), Several(Causes, 1, 2));
        var service = Service(theme);
        var title = $"{char.ToUpperInvariant(service[0])}{service[1..]} {Uniform(theme.Verbs)} when the {Uniform(theme.Nouns)} {Uniform(theme.Verbs)}";
        var id = $"{date:yyyy-MM-dd}-gen-{number:D6}";
        var gaps = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(taxonomy.Gaps).Id).Distinct().ToList();
        var differences = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(taxonomy.Differences).Id).Distinct().ToList();
        var target = _random.Next(2_000, 10_000);
        var body = Math.Max(200, (target - 1200) / 8);

        var text = new StringBuilder();
        text.Append("---\n")
            .Append("id: ").Append(id).Append('\n')
            .Append("title: ").Append(title).Append('\n')
            .Append("date: ").Append(date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n')
            .Append("severity: sev").Append(Pick([3, 2, 4, 1])).Append('\n')
            .Append("status: published\n")
            .Append("services: [").Append(service).Append(", ").Append(Service(theme)).Append("]\n")
            .Append("teams: [").Append(Uniform(Teams)).Append("]\n")
            .Append("authors: [").Append(Uniform(Owners)).Append("]\n")
            .Append("differences: [").Append(string.Join(", ", differences)).Append("]\n")
            .Append("gaps:\n");
        foreach (var gap in gaps) text.Append("  - id: ").Append(gap).Append("\n    note: ").Append(Uniform(theme.Causes)).Append('\n');
        text.Append("detected-by: ").Append(Pick(["alert", "customer", "engineer", "synthetic", "other"])).Append('\n')
            .Append("duration: ").Append(_random.Next(1, 9)).Append('h').Append(_random.Next(0, 60)).Append("m\n")
            .Append("tags: [").Append(Uniform(theme.Nouns).Replace(' ', '-')).Append(", ").Append(Uniform(theme.Systems)).Append("]\n")
            .Append("---\n\n");

        text.Append("## Summary\n\n").Append(Paragraph(theme, body)).Append("\n\n");
        text.Append("## Impact\n\n").Append(Paragraph(theme, body / 2)).Append("\n\n");
        text.Append("## Timeline\n\n");
        for (var minute = 0; minute < 6; minute++)
            text.Append("- ").Append(date.AddMinutes(minute * 13).ToString("HH:mm", CultureInfo.InvariantCulture)).Append(' ').Append(Sentence(theme)).Append('\n');
        text.Append("\n## What differed between dev and prod\n\n").Append(Paragraph(theme, body / 2)).Append("\n\n");
        text.Append("## Root cause\n\n").Append(Paragraph(theme, body)).Append("\n\n");
        text.Append("## How it got through\n\n").Append(Paragraph(theme, body)).Append("\n\n");
        text.Append("## Detection\n\n").Append(Paragraph(theme, body / 2)).Append("\n\n");
        text.Append("## Resolution\n\n").Append(Paragraph(theme, body)).Append("\n\n");
        text.Append("## Action items\n\n");
        foreach (var gap in gaps)
        {
            var due = date.AddDays(_random.Next(7, 120));
            text.Append(_random.Next(3) == 0 ? "- [x] " : "- [ ] ").Append("Close the gap: ").Append(Uniform(theme.Causes))
                .Append(" @").Append(Uniform(Owners)).Append(" due:").Append(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" gap:").Append(gap).Append('\n');
        }
        text.Append("\n## Lessons learned\n\n").Append(Paragraph(theme, body)).Append('\n');
        return (id, text.ToString());
    }
}
