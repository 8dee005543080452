using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Retro;

/// <summary>
/// A store holding a set of incidents with known retro counts for 2025 Q2 (previous period: 2025 Q1), seen on
/// 2025-07-15: an incident with two gaps, one with none, a draft, one in review and an imported one that must not
/// count, and incidents on the first and last instant of the period and just outside it.
/// </summary>
public sealed class RetroFixture : IDisposable
{
    public static readonly DateOnly Today = new(2025, 7, 15);
    public static readonly Core.Retro.RetroPeriod Q2 = new(new DateOnly(2025, 4, 1), new DateOnly(2025, 6, 30));

    private readonly TempDirectory _data = new();

    public RetroFixture()
    {
        Store = new IncidentStore(_data.Path, "retro tests");
        foreach (var text in Incidents) Save(text);
    }

    public IncidentStore Store { get; }

    public void Save(string text) => Store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");

    public void Dispose()
    {
        Store.Dispose();
        _data.Dispose();
    }

    public static IReadOnlyList<string> Incidents => RetroIncidents.Incidents;

    public static string Incident(string id, string date, string severity, string gaps, string differences, string teams, string services,
        string status = "published", params string[] actionItems) =>
        RetroIncidents.Incident(id, date, severity, gaps, differences, teams, services, status, actionItems);
}
