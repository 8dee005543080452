namespace Postmortems.Core.Tests.Search;

/// <summary>How a query is asked.</summary>
public enum QueryShape
{
    /// <summary>1 to 3 words, as typed into a search box.</summary>
    Keywords,

    /// <summary>4 to 10 words: a title, or what the change is about.</summary>
    Description,

    /// <summary>10 to 40 words: a sentence, symptom or question pasted from a design doc or a chat.</summary>
    Sentence,
}

/// <summary>
/// What engineers ask before a change, and which incidents of ../shared/corpus answer it, judged by reading them
/// (found with broad text searches of the files, never with either engine). A key is the start of a file name
/// (icco's uuid prefix, DFDS's PM number, PostHog's date and name). Grades: 3 the incident is about exactly this;
/// 2 it is a major part of it; 1 it plays a real but minor role. Anything not listed counts as 0.
/// <para>
/// Every query below was written, and judged, before any search result for it was seen: the first 22 keywords
/// for the first relevance set, the rest for issue 16. Within each shape the queries alternate between the tuning
/// half (0th, 2nd, 4th, ...) and the held-out half (1st, 3rd, ...): ranking is tuned on the first only, and the
/// floors in <see cref="RelevanceTests"/> apply to the second.
/// </para>
/// </summary>
public static class RelevanceSet
{
    public sealed record Judged(string Query, QueryShape Shape, IReadOnlyDictionary<string, int> Grades)
    {
        /// <summary>Set by position: see the class summary.</summary>
        public bool HeldOut { get; init; }
    }

    private static Judged K(string query, params (string Key, int Grade)[] grades) => New(query, QueryShape.Keywords, grades);
    private static Judged D(string query, params (string Key, int Grade)[] grades) => New(query, QueryShape.Description, grades);
    private static Judged S(string query, params (string Key, int Grade)[] grades) => New(query, QueryShape.Sentence, grades);

    private static Judged New(string query, QueryShape shape, (string Key, int Grade)[] grades) =>
        new(query, shape, grades.ToDictionary(g => g.Key, g => g.Grade));

    /// <summary>Every query, each shape alternating tuning and held-out.</summary>
    public static readonly IReadOnlyList<Judged> Queries = Split(
    [
        // The first relevance set, 22 keywords.
        K("connection pool timeout",
            ("34b4a47b", 3), ("2025-10-21-feature-flags", 2), ("eb95646f", 2), ("b1b44424", 1), ("4836907a", 1)),
        K("dns outage",
            ("65c669af", 3), ("465ab32f", 3), ("e9248be4", 3), ("a089d03f", 3), ("36858814", 3), ("PM2020-004", 2), ("5cbc4e4d", 2)),
        K("migration lock",
            ("50a576ca", 3), ("f9f4ba4c", 2), ("80919009", 2), ("402b4363", 1), ("2025-11-15-persons-db-migration", 1)),
        K("cert expiry",
            ("5b73c1c1", 3), ("PM2021-004", 3), ("PM2020-002", 3), ("5a99836e", 2), ("PM2022-008", 1)),
        K("k8s upgrade",
            ("PM2020-004", 3), ("874ed11e", 3), ("PM2021-006", 2), ("PM2020-009", 2), ("cc1e5d23", 2), ("PM2022-009", 2), ("PM2024-002", 2),
            ("PM2021-002", 1), ("PM2021-003", 1)),
        K("bgp",
            ("34721eea", 3), ("d9ae38c1", 3), ("a54b2ace", 3), ("c1ebc88f", 3), ("e16b28f3", 2), ("852f277c", 1)),
        K("out of memory",
            ("b29ba3ed", 3), ("7ba9335c", 2), ("76f27cf3", 2), ("PM2024-001", 2), ("PM2025-001", 1)),
        K("leap second",
            ("f4d13c23", 3), ("5bce5ed8", 3), ("5cbc4e4d", 3), ("5a99836e", 1)),
        K("postgres wraparound",
            ("4be45ad5", 3), ("5d74f4e6", 3)),
        K("db failover",
            ("0d5441d3", 3), ("4da4ac8a", 3), ("aa0709c9", 2), ("402b4363", 2), ("a46ebba4", 2), ("3e8b0d65", 2), ("3aac3a45", 1)),
        K("malicious npm package",
            ("3ea986e0", 3), ("2025-11-26-shai-hulud", 3), ("PM2022-005", 3), ("edc911ec", 2)),
        K("ddos",
            ("be03bbc3", 3), ("95f252f8", 2)),
        K("feature flags outage",
            ("2025-09-29-flags-is-down", 3), ("2025-10-21-feature-flags", 3), ("2024-02-28-decide", 2), ("43164f6c", 2), ("ef8b15b8", 1)),
        K("logs not shipped",
            ("PM2023-002", 3), ("PM2021-001", 3), ("PM2022-002", 3), ("PM2023-001", 1)),
        K("rate limit 429",
            ("513195e1", 3), ("2025-10-21-feature-flags", 1)),
        K("deleted production database",
            ("b4b5957d", 3), ("f70ce67c", 3), ("8f92b6a5", 3), ("da6d262f", 3), ("b79bbd0b", 2), ("96e1c327", 2), ("f1af2841", 1)),
        K("integer overflow",
            ("e242d62d", 3), ("dfca998b", 3), ("9dbf5bb5", 1)),
        K("mysql replication",
            ("d44e5d9b", 3), ("4da4ac8a", 2), ("80919009", 2), ("0d5441d3", 2), ("402b4363", 1)),
        K("regex cpu",
            ("a0e252d3", 3), ("bb1d9c14", 3)),
        K("leaked token",
            ("018edf27", 3), ("41f95c9f", 3), ("965912ea", 2), ("2025-11-26-shai-hulud", 2), ("e81a4a73", 1), ("3ea986e0", 1)),
        K("datacenter power outage",
            ("f4db61bf", 3), ("5d85d316", 3), ("99d5650b", 3), ("d5e1bfaf", 3), ("6c7c05d1", 3), ("d6fb9bc9", 3), ("00b7f759", 2), ("ac43196d", 1)),
        K("kubernetes 503 ingress",
            ("PM2021-005", 3), ("PM2021-006", 3), ("PM2021-007", 3), ("PM2021-008", 2), ("PM2025-002", 2), ("PM2021-010", 2), ("PM2021-009", 2)),
        // Written for issue 16, before any search result was seen.
        K("thundering herd",
            ("36450ae5", 3), ("61617271", 3), ("54e5ebdd", 3), ("a46ebba4", 2), ("2024-02-28-decide", 1), ("9abb2c8e", 1)),
        K("network partition",
            ("2590ea48", 3), ("4fc691c5", 3), ("4da4ac8a", 3), ("27ad61bb", 1)),
        K("zookeeper",
            ("27ad61bb", 3), ("655ee350", 3), ("0b69e012", 3), ("3e3b9cb1", 2), ("55f106c4", 1)),
        K("cooling failure",
            ("ac43196d", 3), ("e44dd5d3", 3)),
        K("rollback failed",
            ("e0a66df6", 3), ("aa0709c9", 2), ("2026-01-17-replay", 2), ("2025-09-29-flags-is-down", 1)),
        K("supply chain attack",
            ("3ea986e0", 3), ("2025-11-26-shai-hulud", 3), ("edc911ec", 3), ("PM2022-005", 3), ("44ce12a8", 2), ("cd8e3b5f", 1)),
        K("backup restore",
            ("f70ce67c", 3), ("b4b5957d", 2), ("2349ef07", 2), ("5a1083d6", 2), ("4ad169d7", 1)),
        K("memory leak",
            ("49e932a9", 3), ("76f27cf3", 3), ("91f1928a", 1), ("30bde82e", 1)),
        // Written for issue 16, before any search result was seen.
        D("retry storm after a dependency timed out",
            ("2025-09-29-flags-is-down", 3), ("9abb2c8e", 3), ("d17fe136", 3), ("2024-02-28-decide", 2), ("2025-10-21-feature-flags", 2), ("aa0709c9", 2), ("d6db1e76", 2), ("adc3b69d", 1)),
        D("retries overwhelming a recovering service",
            ("9abb2c8e", 3), ("2024-02-28-decide", 3), ("d17fe136", 3), ("2025-09-29-flags-is-down", 3), ("36450ae5", 2), ("61617271", 2), ("d6db1e76", 2), ("2025-10-21-feature-flags", 2), ("adc3b69d", 2)),
        D("library upgrade that changed a default",
            ("22e646c4", 3), ("14024599", 3), ("86beec9d", 2), ("f6bbc0ef", 2), ("PM2023-001", 1), ("874ed11e", 1), ("cc1e5d23", 1)),
        D("config change pushed globally took everything down",
            ("a0e252d3", 3), ("852f277c", 3), ("9deb5a9a", 3), ("24be1eec", 3), ("0fb2bbd9", 3), ("d9ae38c1", 3), ("a54b2ace", 2), ("8d9c6ffe", 2),
            ("20834b0c", 2), ("f4458caf", 2), ("3f376b77", 2), ("91fb1613", 2), ("cdaefaac", 2)),
        D("database migration locked a large table",
            ("50a576ca", 3), ("80919009", 3), ("f9f4ba4c", 3), ("402b4363", 2), ("2552ccf5", 2), ("160d35a4", 1), ("d5b64671", 1)),
        D("certificate expired and nobody got alerted",
            ("PM2021-004", 3), ("PM2020-002", 3), ("5b73c1c1", 3), ("5a99836e", 1), ("PM2022-008", 1)),
        D("clients reconnecting all at once after an outage",
            ("36450ae5", 3), ("61617271", 3), ("54e5ebdd", 3), ("a46ebba4", 2), ("2024-02-28-decide", 2), ("9abb2c8e", 2), ("4a4e2060", 1)),
        D("primary key ran out of integers",
            ("5f045844", 3), ("e242d62d", 3), ("a532970a", 3), ("2552ccf5", 3), ("89343366", 3), ("9dbf5bb5", 1), ("dfca998b", 1)),
        D("cleanup job deleted resources still in use",
            ("f1af2841", 3), ("a130b649", 3), ("96e1c327", 2), ("b79bbd0b", 2), ("36858814", 1)),
        D("health checks failing took healthy hosts out",
            ("6b02808c", 3), ("3e3b9cb1", 3), ("c990285e", 2), ("bb1d9c14", 2), ("e9248be4", 2)),
        D("wrong command run against production",
            ("fde04641", 3), ("PM2019-010", 3), ("9332c0d7", 3), ("f70ce67c", 3), ("b4b5957d", 2), ("4ad169d7", 2), ("cee00e02", 2), ("c3fab524", 2), ("61a94672", 2)),
        D("tests ran against the production database",
            ("8f92b6a5", 3), ("da6d262f", 3)),
        D("cache nodes removed overloaded the database",
            ("a50e7b06", 3), ("e696c413", 2), ("f98d88c2", 1), ("3e3b9cb1", 1), ("43164f6c", 1)),
        D("leap second crashed linux servers",
            ("f4d13c23", 3), ("5bce5ed8", 3), ("5cbc4e4d", 2)),
        D("stolen credentials used to access private repositories",
            ("41f95c9f", 3), ("018edf27", 3), ("cd8e3b5f", 2), ("2025-11-26-shai-hulud", 2), ("965912ea", 2), ("e78185fe", 2), ("dca56c0e", 2), ("27e719b1", 1)),
        D("kubernetes upgrade broke cluster networking",
            ("874ed11e", 3), ("cc1e5d23", 3), ("PM2021-006", 3), ("PM2020-004", 2), ("6958b648", 2), ("PM2021-005", 2), ("PM2019-009", 1)),
        D("logs stopped reaching the logging backend",
            ("PM2023-002", 3), ("PM2021-001", 3), ("PM2022-002", 3), ("PM2023-001", 1)),
        D("regular expression caused CPU spike on edge",
            ("a0e252d3", 3), ("bb1d9c14", 2)),
        D("generator failed to start during utility power loss",
            ("d5e1bfaf", 3), ("f4db61bf", 3), ("6c7c05d1", 3), ("d6fb9bc9", 2), ("99d5650b", 2), ("5d85d316", 1)),
        D("malicious version of a popular package published",
            ("3ea986e0", 3), ("2025-11-26-shai-hulud", 3), ("PM2022-005", 3), ("edc911ec", 2), ("44ce12a8", 1)),
        D("failover promoted a replica missing recent writes",
            ("4da4ac8a", 3), ("0d5441d3", 3), ("9dbf5bb5", 2), ("d44e5d9b", 1), ("402b4363", 1), ("f70ce67c", 1)),
        D("load balancer returned 502 errors",
            ("ca5bc718", 3), ("PM2022-006", 3), ("PM2021-005", 2), ("PM2020-005", 2), ("0d052dd0", 1), ("3c389d32", 1)),
        D("feature flag service outage broke client apps",
            ("2025-09-29-flags-is-down", 3), ("2025-10-21-feature-flags", 3), ("2024-02-28-decide", 3), ("43164f6c", 2), ("ef8b15b8", 1)),
        D("traffic spike from a marketing campaign",
            ("3ec87435", 3), ("95f252f8", 2), ("3d2adf6c", 2), ("785c5618", 2), ("f89b8bcd", 1), ("62dd1eda", 1)),
        D("node not ready pods evicted",
            ("PM2024-001", 3), ("PM2025-001", 3), ("PM2022-003", 2), ("PM2022-001", 2), ("PM2020-007", 2), ("PM2023-001", 1), ("PM2024-002", 1)),
        D("ingress controller misconfiguration returned 404 for all services",
            ("PM2021-009", 3), ("PM2021-008", 3), ("PM2025-002", 2), ("PM2021-010", 2), ("PM2021-007", 1)),
        D("automatic failover failed to promote the replica",
            ("3e8b0d65", 3), ("4da4ac8a", 2), ("0d5441d3", 2), ("402b4363", 2), ("9dbf5bb5", 1)),
        // Written for issue 16, before any search result was seen.
        S("why did all our services start returning 503 right after we upgraded the kubernetes cluster?",
            ("PM2021-006", 3), ("PM2021-005", 2), ("PM2021-007", 2), ("874ed11e", 2), ("6958b648", 2), ("cc1e5d23", 1)),
        S("We plan to roll out the new routing config to every edge location at once; has a global config push ever taken everything down?",
            ("852f277c", 3), ("a0e252d3", 3), ("9deb5a9a", 2), ("24be1eec", 2), ("7f0cc221", 2), ("20834b0c", 2), ("e16b28f3", 2), ("a54b2ace", 2), ("d9ae38c1", 2)),
        S("after the deploy the app was timing out waiting for a database connection from the pool, but the database itself looked healthy",
            ("34b4a47b", 3), ("eb95646f", 3), ("2025-10-21-feature-flags", 2), ("b1b44424", 1), ("4836907a", 1), ("14024599", 1)),
        S("we saw the same notification email go out to users twenty times from a cron job; what went wrong before?",
            ("f824c623", 3), ("4fc691c5", 1)),
        S("Our design relies on the cloud provider's us-east-1 region; what happened to teams that depend on it when that region had an outage?",
            ("43164f6c", 3), ("32d4756d", 3), ("0b69e012", 2), ("36858814", 2), ("fde04641", 2), ("ab8222cd", 2), ("adc3b69d", 2), ("300cba9e", 2), ("d3aadf01", 2), ("f4db61bf", 1)),
        S("The migration adds an index on a large busy table; could it block queries and cause downtime?",
            ("f9f4ba4c", 3), ("50a576ca", 3), ("80919009", 3), ("14024599", 1), ("402b4363", 1), ("2552ccf5", 1)),
        S("users suddenly could not sign in to anything; it turned out the token signing certificate had expired and nobody tracked the expiry date",
            ("PM2021-004", 3), ("PM2020-002", 2), ("5b73c1c1", 2), ("5a99836e", 1)),
        S("customers saw other customers' data for a few minutes. Has a cache or session mix-up leaked data before?",
            ("24049f4d", 3), ("118fcca7", 3), ("da6d262f", 2), ("2349ef07", 2), ("91f1928a", 2), ("e83c06be", 1)),
        S("someone ran a script to clean up old resources and it deleted production instead of staging",
            ("b79bbd0b", 3), ("f1af2841", 3), ("a130b649", 3), ("PM2019-010", 2), ("b4b5957d", 2), ("4ad169d7", 2), ("f70ce67c", 2), ("96e1c327", 1)),
        S("The SDK release broke customer websites because the new version was not backwards compatible with older config",
            ("2025-10-03-surveys", 3), ("2026-01-17-replay", 3)),
        S("We want to enable automatic minor version upgrades for our network plugin; what could go wrong if rules are wiped by an upgrade?",
            ("cc1e5d23", 3), ("PM2021-005", 2), ("PM2021-002", 2), ("PM2021-003", 2), ("874ed11e", 2), ("PM2022-009", 1)),
        S("after the failover the new primary was missing writes and the replicas were inconsistent, how did others recover?",
            ("4da4ac8a", 3), ("0d5441d3", 3), ("d44e5d9b", 2), ("edaa981d", 2), ("9dbf5bb5", 2), ("402b4363", 1), ("f70ce67c", 1)),
        S("the ID column is a 32-bit integer and the table is growing fast; has anyone hit the limit in production?",
            ("5f045844", 3), ("e242d62d", 3), ("a532970a", 3), ("2552ccf5", 3), ("89343366", 3), ("9dbf5bb5", 1)),
        S("why did nodes go NotReady and evict workloads when system daemons ran out of memory and CPU?",
            ("PM2025-001", 3), ("PM2024-001", 3), ("PM2020-007", 2), ("PM2022-003", 1), ("PM2022-001", 1)),
        S("The design doc proposes retrying failed calls immediately without backoff; what incidents were caused by retries amplifying load?",
            ("d17fe136", 3), ("2025-09-29-flags-is-down", 3), ("9abb2c8e", 3), ("2024-02-28-decide", 3), ("2025-10-21-feature-flags", 2), ("d6db1e76", 2), ("aa0709c9", 2), ("adc3b69d", 2)),
        S("Our pipeline pulls the latest base image every day; has a bad upstream image or AMI ever broken nodes?",
            ("PM2022-009", 3), ("PM2024-002", 2), ("0afb9162", 2), ("PM2023-002", 1), ("f1af2841", 1)),
        S("we rotated the password but some machines still used the old one and builds queued up",
            ("aeca111b", 3), ("PM2020-006", 1)),
        S("DNS lookups started failing for a whole region after a config change removed healthy resolver hosts",
            ("e9248be4", 3), ("23713fc8", 2), ("65c669af", 2), ("a089d03f", 2), ("36858814", 1), ("465ab32f", 1), ("9de8424e", 1)),
        S("A single bad regex in a firewall rule pushed everywhere pinned every CPU at 100%",
            ("a0e252d3", 3), ("bb1d9c14", 2)),
        S("How do we avoid a region-wide outage when the storage servers lose power after a storm?",
            ("99d5650b", 3), ("f4db61bf", 3), ("759650ec", 3), ("6c7c05d1", 2), ("d5e1bfaf", 2), ("912b30f3", 1)),
        S("an engineer typed the wrong command during maintenance and removed far more servers than intended",
            ("fde04641", 3), ("9332c0d7", 3), ("PM2019-010", 2), ("e16b28f3", 2), ("f70ce67c", 1), ("cee00e02", 1)),
        S("alerts fired late because metrics stopped being exported and nobody noticed the exporter was down",
            ("PM2022-007", 3), ("PM2022-004", 2), ("PM2024-003", 1), ("019eb098", 1)),
        S("the feature flags service went down and every client that evaluates flags on page load got slow",
            ("2024-02-28-decide", 3), ("2025-09-29-flags-is-down", 3), ("2025-10-21-feature-flags", 3), ("43164f6c", 2)),
        S("a token with write access leaked from our CI server, how did others contain it?",
            ("018edf27", 3), ("965912ea", 3), ("2025-11-26-shai-hulud", 2), ("41f95c9f", 2), ("27e719b1", 1), ("e81a4a73", 1)),
        S("we lost a day of data when the database was deleted and the backups turned out not to work",
            ("f70ce67c", 3), ("b4b5957d", 3), ("4ad169d7", 2), ("2349ef07", 2), ("5a1083d6", 2), ("96e1c327", 2), ("8f92b6a5", 1), ("da6d262f", 1)),
        S("during peak load the database connection limit was exhausted by the proxy and we had to fail over repeatedly",
            ("b1b44424", 3), ("4836907a", 3), ("aa0709c9", 1), ("34b4a47b", 1)),
        S("we changed the cache TTL to be shorter and on Monday the database got overloaded by the extra reads",
            ("e696c413", 3), ("a50e7b06", 2), ("f98d88c2", 1), ("3e3b9cb1", 1)),
        S("time went backwards on our servers and load balancing started picking weird targets, what happened?",
            ("5cbc4e4d", 3), ("5bce5ed8", 2), ("f4d13c23", 1)),
    ]);

    public static IEnumerable<Judged> Tuning => Queries.Where(q => !q.HeldOut);
    public static IEnumerable<Judged> HeldOut => Queries.Where(q => q.HeldOut);

    private static List<Judged> Split(IEnumerable<Judged> queries) =>
        queries.GroupBy(q => q.Shape).SelectMany(shape => shape.Select((q, i) => q with { HeldOut = i % 2 == 1 })).ToList();

    /// <summary>The grade of a result: the judgment whose key starts its file name.</summary>
    public static int Grade(Judged judged, string id)
    {
        var name = id[(id.LastIndexOf('/') + 1)..];
        return judged.Grades.FirstOrDefault(g => name.StartsWith(g.Key, StringComparison.Ordinal)).Value;
    }
}
