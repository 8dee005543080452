using Postmortems.Core.Taxonomy;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

/// <summary>Incident texts the tests start from, and the repository's own taxonomy.</summary>
public static class Samples
{
    public static readonly Lazy<GapTaxonomy> Taxonomy = new(() => GapTaxonomy.LoadOrThrow(TestPaths.Content));

    public const string Complete = """
        ---
        id: 2025-03-14-checkout-pool-exhaustion
        title: Checkout timed out when the pool size fell back to the dev default
        date: 2025-03-14T14:02:00Z
        severity: sev2
        status: published
        services: [checkout, payments-db]
        teams: [payments]
        authors: [alice]
        differences: [config, scale]
        gaps:
          - id: load-testing
            note: no load test ran checkout with a prod-sized pool
          - id: config-review
        detected-by: alert
        duration: 47m
        tags: [postgres, connection-pool]
        ---

        ## Summary

        Checkout timed out for 47 minutes.

        ## Impact

        12% of checkouts failed.

        ## Timeline

        - 14:02 deploy v412 reaches 100%
        - 14:49 pool size restored

        ## What differed between dev and prod

        The pool size setting was renamed, so prod used the default of 10.

        ## Root cause

        The connection pool was exhausted.

        ## How it got through

        No load test ran with a prod-sized pool, and nobody reviewed the config rename.

        ## Detection

        The p99 latency alert fired.

        ## Resolution

        Restored the setting.

        ## Action items

        - [ ] Add a load test for checkout at prod pool size @bob due:2025-04-01 gap:load-testing
        - [x] Make pool size a required setting with no default @carol

        ## Lessons learned

        Defaults hide renames.

        """;

    public static string WithLine(this string text, string oldLine, string newLine) =>
        text.Contains(oldLine, StringComparison.Ordinal) ? text.Replace(oldLine, newLine, StringComparison.Ordinal) : throw new ArgumentException($"'{oldLine}' not in sample");
}
