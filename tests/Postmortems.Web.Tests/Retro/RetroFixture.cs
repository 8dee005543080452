using Postmortems.Tests;

namespace Postmortems.Web.Tests.Retro;

/// <summary>
/// Incidents with known retro counts for 2025 Q2 (previous period: 2025 Q1), seen at <see cref="Now"/>: an incident with
/// two gaps, one with none, a draft, one in review and an imported one that must not count, and incidents on the first
/// and last instant of the period and just outside it. The same set as the core tests' fixture.
/// </summary>
public static class RetroFixture
{
    public static readonly DateTimeOffset Now = new(2025, 7, 15, 9, 0, 0, TimeSpan.Zero);
    public const string From = "2025-04-01";
    public const string To = "2025-06-30";
    public const string PreviousFrom = "2025-01-01";
    public const string PreviousTo = "2025-03-31";

    /// <summary>The incidents and the near misses: near misses change no incident count, only the escape rates.</summary>
    public static IReadOnlyList<string> Incidents => [.. RetroIncidents.Incidents, .. RetroIncidents.NearMisses];

    public static string Incident(string id, string date, string severity, string gaps, string differences, string teams, string services,
        string status = "published", params string[] actionItems) =>
        RetroIncidents.Incident(id, date, severity, gaps, differences, teams, services, status, actionItems);
}
