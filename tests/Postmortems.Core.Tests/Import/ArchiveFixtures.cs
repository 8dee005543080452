namespace Postmortems.Core.Tests.Import;

/// <summary>Small files with the oddities of the real archives: written here, so the tests run without ../shared.</summary>
public static class ArchiveFixtures
{
    /// <summary>Front matter in another schema, with empty keys and a blank line before the closing fence.</summary>
    public const string ForeignFrontMatter = """
        ---
        uuid: 5f0c2d1e-0000-4000-8000-000000000001
        url: https://status.example.com/incidents/42
        title: "Example Cloud: queue workers stalled after a kernel upgrade"
        start_time: 2021-03-04T10:15:00Z
        end_time: 2021-03-04T12:03:00Z
        categories:
        - automation
        - cloud
        keywords:
        - kernel upgrade
        - queue
        company: Example Cloud
        product: ""
        summary: A kernel upgrade rolled out to every worker at once stalled the queue.

        ---

        The queue workers stopped consuming at 10:15 after an automated kernel upgrade.
        The rollout reached every host within minutes, so there was no canary.

        """;

    /// <summary>Free-form Markdown as one archive writes it: a timeline table, contributing factors, plain action items, stats.</summary>
    public const string FreeForm = """
        # Ingress returned 503 for every service

        ## Summary

        On Tuesday 22nd June 2021, a refactoring of the network plugin detached the target groups from the load balancer.

        ## Timeline

        | Time             | Event                         |
        | :--------------- | ----------------------------- |
        | 2021-06-22 08:21 | Plugin replaced by the pipeline |
        | 2021-06-22 08:46 | Target groups reattached      |

        ## Contributing Factors

        - The de-registration delay was lowered for faster node roll-overs.

        ## Action Items

        - Revert the de-registration delay to 300 seconds.
        - Create an ingress test suite.

        ## Lessons Learned

        - Watch critical pipeline runs.

        # Stats

        - Category: Kubernetes
        - Time to detection: 8 minutes
        - Time to recovery: 25 minutes

        """;

    /// <summary>A long-form report with setext headings and the date only in the file name.</summary>
    public const string Setext = """
        Data processing delays in the events pipeline
        =============================================

        Incident Summary
        ----------------

        Ingestion fell four hours behind after a migration of the persons table.

        Root cause analysis
        -------------------

        The migration took a lock that blocked the writers.

        Follow-ups
        ----------

        1. Rehearse migrations on a copy of production.
        2. Alert on ingestion lag.

        """;

    public const string Template = """
        # Incident Title

        ## Summary

        ## Timeline

        | Time | Event |
        | ---- | ----- |
        """;
}
