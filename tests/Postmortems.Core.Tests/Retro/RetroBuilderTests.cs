using Postmortems.Core.Retro;

namespace Postmortems.Core.Tests.Retro;

public sealed class RetroBuilderTests : IDisposable
{
    private readonly RetroFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private RetroReport Build(string? team = null, string? service = null) =>
        RetroBuilder.Build(_fixture.Store, Samples.Taxonomy.Value, new RetroRequest(RetroFixture.Q2, team, service), RetroFixture.Today);

    [Fact]
    public void Counts_published_incidents_from_the_first_instant_to_the_last_second_of_the_period()
    {
        var report = Build();

        // a (00:00:00Z on the first day), b (23:59:59Z on the last), c, k (a date alone: midnight UTC on the last day).
        // Not: the draft, the one in review, the imported one, f (a second before), g (the first instant after).
        Assert.Equal(["b-no-gap", "k-date-only", "c-load", "a-two-gaps"], report.IncidentList.Select(i => i.Id));
        Assert.Equal(4, report.Incidents);
        Assert.Equal(2, report.PreviousIncidents); // f and h
        Assert.Equal(new RetroPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31)), report.PreviousPeriod);
        Assert.Equal("in 2025 Q2", report.PeriodPhrase);
        Assert.Equal(
            [("sev1", 1, 0), ("sev2", 1, 1), ("sev3", 1, 0), ("sev4", 1, 1)],
            report.Severities.Select(s => (s.Severity, s.Count, s.PreviousCount)));
    }

    [Fact]
    public void An_incident_with_two_gaps_counts_under_each_and_one_with_none_is_counted_apart()
    {
        var report = Build();

        Assert.Equal(
            [("load-testing", "testing", 3, 1), ("config-review", "review", 1, 1), ("alerting", "observability", 1, 0)],
            report.Gaps.Select(g => (g.Id, g.Kind, g.Count, g.PreviousCount)));
        Assert.Equal(["k-date-only", "c-load", "a-two-gaps"], report.Gaps[0].IncidentIds);
        Assert.Equal("No load test at production scale", report.Gaps[0].Title);
        Assert.Equal(1, report.WithoutGap);
        Assert.Equal(0, report.PreviousWithoutGap);
        Assert.Equal(
            [("review", 1, 1), ("testing", 3, 1), ("release", 0, 0), ("observability", 1, 0)],
            report.Kinds.Select(k => (k.Kind, k.Count, k.PreviousCount)));
    }

    [Fact]
    public void Differences_by_gap_count_incidents_naming_both()
    {
        var matrix = Build().DifferencesByGap;

        Assert.Equal([("config", 2), ("scale", 3)], matrix.Differences.Select(d => (d.Id, d.Count)));
        Assert.Equal(
            [
                ("load-testing", "config", 2), ("load-testing", "scale", 3),
                ("config-review", "config", 1), ("config-review", "scale", 1),
                ("alerting", "config", 1), ("alerting", "scale", 1),
            ],
            matrix.Cells.Select(c => (c.Gap, c.Difference, c.Count)));
        Assert.Equal(3, matrix.Max);
    }

    [Fact]
    public void Findings_name_repeated_and_recurring_gaps_with_the_previous_period_s_open_items()
    {
        var findings = Build().Findings;

        Assert.Equal(
            [
                "Third incident through `load-testing` in 2025 Q2, after 1 incident in the previous period (2025-01-01 – 2025-03-31); " +
                "1 of the previous period's action items for it is still open.",
                "`config-review` let an incident through again in 2025 Q2, after 1 incident in the previous period (2025-01-01 – 2025-03-31).",
            ],
            findings.Select(f => f.Text));
        Assert.Equal((3, 1, 1), (findings[0].Count, findings[0].PreviousCount, findings[0].OpenFromPrevious));
    }

    [Fact]
    public void Action_items_are_counted_by_owner_and_by_gap_with_overdue_measured_against_today()
    {
        var items = Build().ActionItems;

        Assert.Equal((7, 3, 4, 2), (items.Opened, items.Done, items.Open, items.Overdue));
        // Committed: an owner and a due date (4, one done); the runbook, the pool size fix and the date-only alert have no due date.
        Assert.Equal((4, 1, 0.25, 3, 2), (items.Committed, items.CommittedDone, items.CommittedCompletion, items.Candidates, items.CandidatesDone));
        Assert.Equal(
            [("carol", 1, 0, 1, 1), ("erin", 2, 1, 1, 1), ("bob", 3, 2, 1, 0), ("dan", 1, 0, 1, 0)],
            items.ByOwner.Select(g => (g.Key, g.Opened, g.Done, g.Open, g.Overdue)));
        Assert.Equal(
            [("alerting", 2, 1, 1, 1), ("config-review", 1, 0, 1, 1), (null, 3, 1, 2, 0), ("load-testing", 1, 1, 0, 0)],
            items.ByGap.Select(g => (g.Key, g.Opened, g.Done, g.Open, g.Overdue)));
        // a and k have a done item for one of their gaps; c's done item names no gap; b names no gap at all.
        Assert.Equal((3, 2), (items.IncidentsWithGap, items.IncidentsFollowedUp));
        Assert.Equal(2.0 / 3, items.FollowedUpShare!.Value, 6);
        Assert.Equal(["Alert on pool saturation", "Review config renames"], items.OverdueItems.Select(i => i.Text));
        Assert.Equal(("c-load", "erin", new DateOnly(2025, 6, 1)), (items.OverdueItems[0].IncidentId, items.OverdueItems[0].Owner, items.OverdueItems[0].Due));
    }

    [Fact]
    public void An_item_due_today_is_not_overdue_and_one_due_yesterday_is()
    {
        var dueDay = new DateOnly(2025, 7, 1);

        var onTheDay = RetroBuilder.Build(_fixture.Store, Samples.Taxonomy.Value, new RetroRequest(RetroFixture.Q2), dueDay);
        var dayAfter = RetroBuilder.Build(_fixture.Store, Samples.Taxonomy.Value, new RetroRequest(RetroFixture.Q2), dueDay.AddDays(1));

        Assert.DoesNotContain(onTheDay.ActionItems.OverdueItems, i => i.Due == dueDay);
        Assert.Contains(dayAfter.ActionItems.OverdueItems, i => i.Due == dueDay);
    }

    [Fact]
    public void The_trend_has_the_twelve_months_to_the_period_s_end_by_kind()
    {
        var trend = Build().Trend;

        Assert.Equal(12, trend.Count);
        Assert.Equal("2024-07", trend[0].Month);
        Assert.Equal("2025-06", trend[^1].Month);
        var byMonth = trend.ToDictionary(m => m.Month);
        Assert.Equal(1, byMonth["2024-09"].Incidents); // j: migration-review
        Assert.Equal(1, byMonth["2024-09"].ByKind["review"]);
        Assert.Equal((1, 1), (byMonth["2025-03"].Incidents, byMonth["2025-03"].ByKind["testing"])); // f, at 23:59:59 on the 31st
        Assert.Equal((1, 1, 1), (byMonth["2025-04"].Incidents, byMonth["2025-04"].ByKind["testing"], byMonth["2025-04"].ByKind["review"]));
        Assert.Equal((2, 1, 1, 1), (byMonth["2025-06"].Incidents, byMonth["2025-06"].ByKind["testing"], byMonth["2025-06"].ByKind["observability"], byMonth["2025-06"].WithoutGap));
        Assert.Equal(7, trend.Sum(m => m.Incidents)); // j, h, f, a, c, b, k; g is in July 2025
    }

    [Fact]
    public void A_team_filter_counts_only_that_team_s_incidents_and_keeps_every_team_to_pick_from()
    {
        var report = Build(team: "PAYMENTS");

        Assert.Equal(["c-load", "a-two-gaps"], report.IncidentList.Select(i => i.Id));
        Assert.Equal(1, report.PreviousIncidents); // f
        Assert.Equal(["orders", "payments", "platform"], report.Teams);
        Assert.Equal(["batch", "checkout", "orders-api", "payments-db"], report.Services);

        var byService = Build(service: "payments-db");
        Assert.Equal(["c-load"], byService.IncidentList.Select(i => i.Id));
    }

    [Fact]
    public void A_quiet_period_says_so_in_numbers()
    {
        var report = RetroBuilder.Build(_fixture.Store, Samples.Taxonomy.Value,
            new RetroRequest(new RetroPeriod(new DateOnly(2023, 1, 1), new DateOnly(2023, 1, 31))), RetroFixture.Today);

        Assert.Equal(0, report.Incidents);
        Assert.Empty(report.Gaps);
        Assert.Empty(report.Findings);
        Assert.Null(report.ActionItems.FollowedUpShare);
        Assert.Equal(12, report.Trend.Count);
        Assert.Empty(report.DifferencesByGap.Cells);
    }

    [Fact]
    public void A_save_after_a_retro_is_in_the_next_one()
    {
        var before = Build();
        Assert.Same(before, Build());

        _fixture.Save(RetroFixture.Incident("z-new", "2025-05-05", "sev2", "load-testing", "scale", "payments", "checkout"));

        var after = Build();
        Assert.Equal(before.Incidents + 1, after.Incidents);
        Assert.Contains(after.IncidentList, i => i.Id == "z-new");
    }
}
