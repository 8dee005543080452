using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Tests.Retro;

public sealed class SummariesTests : IDisposable
{
    private readonly RetroFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Digests_carry_what_reports_count_and_match_the_same_filters_as_query()
    {
        var filters = new[]
        {
            new IncidentFilter(),
            new IncidentFilter { Status = IncidentStatus.Published, From = RetroFixture.Q2.Start, To = RetroFixture.Q2.End },
            new IncidentFilter { Gap = "load-testing", Team = "PAYMENTS" },
            new IncidentFilter { Difference = "config", Service = "checkout", Severity = "sev1" },
        };

        foreach (var filter in filters)
        {
            var (page, total) = _fixture.Store.Query(filter, 0, 100);
            var digests = _fixture.Store.Summaries(filter).ToList();
            Assert.Equal(total, digests.Count);
            Assert.Equal(page.Select(i => i.Id).Order(), digests.Select(d => d.Id).Order());
        }

        var a = _fixture.Store.Summaries(new IncidentFilter { Gap = "config-review", Status = IncidentStatus.Published })
            .Single(d => d.Id == "a-two-gaps");
        var stored = _fixture.Store.Get("a-two-gaps")!;
        Assert.Equal((stored.Title, stored.Date, stored.Severity, stored.Status, stored.Revision), (a.Title, a.Date, a.Severity, a.Status, a.Revision));
        Assert.Equal(["load-testing", "config-review"], a.Gaps);
        Assert.Equal(["config", "scale"], a.Differences);
        Assert.Equal(["payments"], a.Teams);
        Assert.Equal(["checkout"], a.Services);
        Assert.Equal(
            stored.ActionItems.Select(i => (i.Text, i.Done, i.Owner, i.Due, i.Gap, i.Line)),
            a.ActionItems.Select(i => (i.Text, i.Done, i.Owner, i.Due, i.Gap, i.Line)));
    }
}
