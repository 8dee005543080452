using Postmortems.Core.Retro;

namespace Postmortems.Core.Tests.Retro;

public sealed class RetroAgendaTests : IDisposable
{
    private readonly RetroFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Agenda(string? team = null) =>
        RetroAgenda.Write(
            RetroBuilder.Build(_fixture.Store, Samples.Taxonomy.Value, new RetroRequest(RetroFixture.Q2, team), RetroFixture.Today),
            Samples.Taxonomy.Value,
            "https://pm.example/");

    [Fact]
    public void The_agenda_has_the_period_the_numbers_the_findings_and_what_is_owed()
    {
        var agenda = Agenda();

        Assert.StartsWith("# Retro: 2025-04-01 – 2025-06-30\n\nAll teams and services. Published incidents only", agenda);
        Assert.Contains("Compared with the previous period, 2025-01-01 – 2025-03-31.", agenda);
        Assert.Contains("## 1. Incidents: 4 (previous period: 2)", agenda);
        Assert.Contains("| sev1 | 1 | 0 |", agenda);
        Assert.Contains("- 2025-04-01 sev1 [Incident a-two-gaps](https://pm.example/incidents/a-two-gaps): through `load-testing`, `config-review`", agenda);
        Assert.Contains("- 2025-06-30 sev3 [Incident b-no-gap](https://pm.example/incidents/b-no-gap): no gap named", agenda);
        Assert.Contains("- Third incident through `load-testing` in 2025 Q2", agenda);
        Assert.Contains("| No load test at production scale (`load-testing`) | testing | 3 | 1 |", agenda);
        Assert.Contains("1 incident names no gap.", agenda);
        Assert.Contains("| gap | config | scale |", agenda);
        Assert.Contains("| `load-testing` | 2 | 3 |", agenda);
        Assert.Contains("7 opened, 3 done, 4 open, 2 overdue (due before 2025-07-15).", agenda);
        Assert.Contains("Committed (an owner and a due date): 1 of 4 done (25%); 3 candidates without an owner or a due date.", agenda);
        Assert.Contains("2 of the 3 incidents that name a gap (67%) have a done action item for that gap.", agenda);
        Assert.Contains("- [ ] Alert on pool saturation @erin due:2025-06-01 gap:alerting ([c-load](https://pm.example/incidents/c-load))", agenda);
        Assert.Contains("| @carol | 1 | 1 | 0 |", agenda);
        Assert.Contains("## 6. To discuss", agenda);
        Assert.Contains("- `load-testing` (No load test at production scale): what would have caught these", agenda);
    }

    [Fact]
    public void A_team_s_agenda_says_whose_it_is()
    {
        Assert.Contains("Only team **payments**.", Agenda("payments"));
    }
}
