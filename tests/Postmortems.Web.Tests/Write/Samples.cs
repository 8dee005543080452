namespace Postmortems.Web.Tests.Write;

/// <summary>Incident texts the editor tests type and save.</summary>
internal static class Samples
{
    /// <summary>A draft: fine to save as one, far from publishable.</summary>
    public static string Draft(string id = "2026-03-10-cache-stampede", string status = "draft") => $"""
        ---
        id: {id}
        title: Cache stampede after the deploy emptied the cache
        date: 2026-03-10
        severity: sev2
        status: {status}
        gaps:
          - id: load-testing
            note: no load test started from a cold cache
        ---

        ## Summary

        Every node missed the cache at once after the deploy.

        """.Replace("\r\n", "\n");

    /// <summary>Everything a published incident needs.</summary>
    public static string Complete(string id = "2026-03-11-pool-default", string status = "published", string extra = "") => $"""
        ---
        id: {id}
        title: Checkout timed out when the pool size fell back to the dev default
        date: 2026-03-11
        severity: sev2
        status: {status}
        services: [checkout]
        differences: [config, scale]
        gaps:
          - id: config-review
            note: nobody reviewed the missing setting
        ---

        ## Summary

        Checkout timed out for 40 minutes.{extra}

        ## Impact

        One order in five failed.

        ## Timeline

        - 14:02 deploy reaches 100%

        ## What differed between dev and prod

        The pool size setting was missing in prod.

        ## Root cause

        The default pool size of 5.

        ## How it got through

        The config change was not reviewed.

        ## Action items

        - [ ] Make pool size required @carol due:2026-04-01 gap:config-review

        """.Replace("\r\n", "\n");
}
