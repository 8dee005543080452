namespace Postmortems.Core.Tests.Search;

/// <summary>
/// What an engineer types before a change, and which incidents of ../shared/corpus answer it, judged by reading
/// them. A key is the start of a file name (icco's uuid prefix, DFDS's PM number, PostHog's date and name).
/// Grades: 3 the incident is about exactly this; 2 it is a major part of it; 1 it plays a real but minor role.
/// Anything not listed counts as 0.
/// </summary>
public static class RelevanceSet
{
    public sealed record Judged(string Query, IReadOnlyDictionary<string, int> Grades);

    private static Judged Q(string query, params (string Key, int Grade)[] grades) => new(query, grades.ToDictionary(g => g.Key, g => g.Grade));

    public static readonly IReadOnlyList<Judged> Queries =
    [
        Q("connection pool timeout",
            ("34b4a47b", 3), ("2025-10-21-feature-flags", 2), ("eb95646f", 2), ("b1b44424", 1), ("4836907a", 1)),
        Q("dns outage",
            ("65c669af", 3), ("465ab32f", 3), ("e9248be4", 3), ("a089d03f", 3), ("36858814", 3), ("PM2020-004", 2), ("5cbc4e4d", 2)),
        Q("migration lock",
            ("50a576ca", 3), ("f9f4ba4c", 2), ("80919009", 2), ("402b4363", 1), ("2025-11-15-persons-db-migration", 1)),
        Q("cert expiry",
            ("5b73c1c1", 3), ("PM2021-004", 3), ("PM2020-002", 3), ("5a99836e", 2), ("PM2022-008", 1)),
        Q("k8s upgrade",
            ("PM2020-004", 3), ("874ed11e", 3), ("PM2021-006", 2), ("PM2020-009", 2), ("cc1e5d23", 2), ("PM2022-009", 2), ("PM2024-002", 2),
            ("PM2021-002", 1), ("PM2021-003", 1)),
        Q("bgp",
            ("34721eea", 3), ("d9ae38c1", 3), ("a54b2ace", 3), ("c1ebc88f", 3), ("e16b28f3", 2), ("852f277c", 1)),
        Q("out of memory",
            ("b29ba3ed", 3), ("7ba9335c", 2), ("76f27cf3", 2), ("PM2024-001", 2), ("PM2025-001", 1)),
        Q("leap second",
            ("f4d13c23", 3), ("5bce5ed8", 3), ("5cbc4e4d", 3), ("5a99836e", 1)),
        Q("postgres wraparound",
            ("4be45ad5", 3), ("5d74f4e6", 3)),
        Q("db failover",
            ("0d5441d3", 3), ("4da4ac8a", 3), ("aa0709c9", 2), ("402b4363", 2), ("a46ebba4", 2), ("3e8b0d65", 2), ("3aac3a45", 1)),
        Q("malicious npm package",
            ("3ea986e0", 3), ("2025-11-26-shai-hulud", 3), ("PM2022-005", 3), ("edc911ec", 2)),
        Q("ddos",
            ("be03bbc3", 3), ("95f252f8", 2)),
        Q("feature flags outage",
            ("2025-09-29-flags-is-down", 3), ("2025-10-21-feature-flags", 3), ("2024-02-28-decide", 2), ("43164f6c", 2), ("ef8b15b8", 1)),
        Q("logs not shipped",
            ("PM2023-002", 3), ("PM2021-001", 3), ("PM2022-002", 3), ("PM2023-001", 1)),
        Q("rate limit 429",
            ("513195e1", 3), ("2025-10-21-feature-flags", 1)),
        Q("deleted production database",
            ("b4b5957d", 3), ("f70ce67c", 3), ("8f92b6a5", 3), ("da6d262f", 3), ("b79bbd0b", 2), ("96e1c327", 2), ("f1af2841", 1)),
        Q("integer overflow",
            ("e242d62d", 3), ("dfca998b", 3), ("9dbf5bb5", 1)),
        Q("mysql replication",
            ("d44e5d9b", 3), ("4da4ac8a", 2), ("80919009", 2), ("0d5441d3", 2), ("402b4363", 1)),
        Q("regex cpu",
            ("a0e252d3", 3), ("bb1d9c14", 3)),
        Q("leaked token",
            ("018edf27", 3), ("41f95c9f", 3), ("965912ea", 2), ("2025-11-26-shai-hulud", 2), ("e81a4a73", 1), ("3ea986e0", 1)),
        Q("datacenter power outage",
            ("f4db61bf", 3), ("5d85d316", 3), ("99d5650b", 3), ("d5e1bfaf", 3), ("6c7c05d1", 3), ("d6fb9bc9", 3), ("00b7f759", 2), ("ac43196d", 1)),
        Q("kubernetes 503 ingress",
            ("PM2021-005", 3), ("PM2021-006", 3), ("PM2021-007", 3), ("PM2021-008", 2), ("PM2025-002", 2), ("PM2021-010", 2), ("PM2021-009", 2)),
    ];

    /// <summary>The grade of a result: the judgment whose key starts its file name.</summary>
    public static int Grade(Judged judged, string id)
    {
        var name = id[(id.LastIndexOf('/') + 1)..];
        return judged.Grades.FirstOrDefault(g => name.StartsWith(g.Key, StringComparison.Ordinal)).Value;
    }
}
