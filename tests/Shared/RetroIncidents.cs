namespace Postmortems.Tests;

/// <summary>
/// The retro fixture's incidents, shared by the core and web tests: known counts for 2025 Q2 (previous period 2025 Q1),
/// with an incident with two gaps, one with none, a draft, one in review, an imported one, and dates on the period's edges.
/// </summary>
public static class RetroIncidents
{
    public static string Incident(string id, string date, string severity, string gaps, string differences, string teams, string services,
        string status = "published", params string[] actionItems) => $"""
        ---
        id: {id}
        title: Incident {id}
        date: {date}
        severity: {severity}
        status: {status}
        services: [{services}]
        teams: [{teams}]
        differences: [{differences}]
        gaps: [{gaps}]
        ---

        ## Summary

        What happened in {id}.

        ## Action items

        {string.Join("\n", actionItems)}

        ## Lessons learned

        Something.

        """;

    public static readonly IReadOnlyList<string> Incidents =
    [
        // On the period's first instant; two gaps.
        Incident("a-two-gaps", "2025-04-01T00:00:00Z", "sev1", "load-testing, config-review", "config, scale", "payments", "checkout", "published",
            "- [x] Load test checkout @bob due:2025-05-01 gap:load-testing",
            "- [ ] Review config renames @carol due:2025-07-01 gap:config-review",
            "- [ ] Write the runbook @bob"),
        // On the period's last second; no gap.
        Incident("b-no-gap", "2025-06-30T23:59:59Z", "sev3", "", "data", "orders", "orders-api", "published",
            "- [ ] Name the gap @dan due:2025-08-01"),
        Incident("c-load", "2025-05-15T10:00:00Z", "sev2", "load-testing", "scale", "payments", "checkout, payments-db", "published",
            "- [ ] Alert on pool saturation @erin due:2025-06-01 gap:alerting",
            "- [x] Fix the pool size @bob"),
        Incident("d-draft", "2025-05-20", "sev1", "load-testing", "scale", "payments", "checkout", "draft",
            "- [ ] Draft item @bob due:2025-01-01"),
        Incident("e-in-review", "2025-05-21", "sev2", "load-testing", "scale", "payments", "checkout", "in-review"),
        Incident("i-imported", "2025-05-01", "sev2", "load-testing", "scale", "payments", "checkout", "imported"),
        // One second before the period: the previous period's.
        Incident("f-before-start", "2025-03-31T23:59:59Z", "sev2", "load-testing", "scale", "payments", "batch", "published",
            "- [ ] Load test the batch @bob due:2025-04-15 gap:load-testing"),
        // The first instant after the period.
        Incident("g-after-end", "2025-07-01T00:00:00Z", "sev1", "config-review", "config", "payments", "checkout"),
        Incident("h-previous-config", "2025-02-10T09:00:00Z", "sev4", "config-review", "config", "orders", "orders-api"),
        Incident("j-old", "2024-09-10T09:00:00Z", "sev2", "migration-review", "state", "orders", "orders-db"),
        // A date without a time: midnight UTC, on the period's last day.
        Incident("k-date-only", "2025-06-30", "sev4", "load-testing, alerting", "scale, config", "platform", "checkout", "published",
            "- [x] Alert on pool saturation @erin gap:alerting"),
    ];

    public static string NearMiss(string id, string date, string caughtBy, string teams, string status = "published", string extra = "") => $"""
        ---
        id: {id}
        title: Near miss {id}
        date: {date}
        severity: sev2
        status: {status}
        kind: near-miss
        services: [checkout]
        teams: [{teams}]
        differences: [scale]
        caught-by: [{caughtBy}]
        {extra}
        ---

        ## Summary

        What nearly happened in {id}.

        """;

    /// <summary>
    /// Near misses with known escape-rate counts for 2025 Q2: load-testing caught 3 (on the first instant, the last
    /// second, and between), besides the 3 incidents it let through; config-review caught 1; one just outside each edge,
    /// a draft, and one that names load-testing as a gap that missed it first, which is not "let through".
    /// </summary>
    public static readonly IReadOnlyList<string> NearMisses =
    [
        NearMiss("nm-start", "2025-04-01T00:00:00Z", "load-testing", "payments"),
        NearMiss("nm-end", "2025-06-30T23:59:59Z", "load-testing, config-review", "orders", extra: "recurrence-of: c-load"),
        NearMiss("nm-mid", "2025-05-02", "load-testing", "payments", extra: "recurrence-of: a-two-gaps"),
        NearMiss("nm-before", "2025-03-31T23:59:59Z", "load-testing", "payments"),
        NearMiss("nm-after", "2025-07-01T00:00:00Z", "load-testing", "payments"),
        NearMiss("nm-draft", "2025-05-10", "load-testing", "payments", status: "draft"),
        NearMiss("nm-missed-first", "2025-05-12", "staged-rollout", "payments", extra: "gaps: [load-testing]"),
    ];
}
