namespace Postmortems.Core.Retro;

/// <summary>
/// Everything a retro shows for one period, counted over published incidents only (drafts, incidents in review and
/// imported ones are left out), optionally for one team and one service. An incident with two gaps counts under each.
/// </summary>
/// <param name="Today">The UTC day "overdue" is measured against.</param>
/// <param name="PeriodPhrase">The period in words, for sentences ("in 2025", "this quarter").</param>
/// <param name="Incidents">How many published incidents started in the period.</param>
/// <param name="WithoutGap">Incidents in the period that name no gap.</param>
/// <param name="Teams">The teams and services with incidents in the period or the one before, to filter by.</param>
public sealed record RetroReport(
    RetroPeriod Period,
    RetroPeriod PreviousPeriod,
    string PeriodPhrase,
    string? Team,
    string? Service,
    DateOnly Today,
    int Incidents,
    int PreviousIncidents,
    IReadOnlyList<SeverityCount> Severities,
    IReadOnlyList<GapCount> Gaps,
    int WithoutGap,
    int PreviousWithoutGap,
    IReadOnlyList<KindCount> Kinds,
    DifferenceGapMatrix DifferencesByGap,
    IReadOnlyList<Finding> Findings,
    ActionItemStats ActionItems,
    IReadOnlyList<MonthCount> Trend,
    IReadOnlyList<RetroIncident> IncidentList,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Services)
{
    /// <summary>Published near misses in the period (for the same team and service), newest first.</summary>
    public IReadOnlyList<RetroNearMiss> NearMisses { get; init; } = [];

    /// <summary>Each control named by an incident or a near miss in the period: let through, caught, escape rate, trend.</summary>
    public IReadOnlyList<EscapeRate> EscapeRates { get; init; } = [];

    /// <summary>Incidents and near misses in the period that are a recurrence of an earlier record, newest first.</summary>
    public IReadOnlyList<Recurrence> Recurrences { get; init; } = [];
}

/// <param name="CaughtBy">The controls that caught it, by their current gap ids.</param>
public sealed record RetroNearMiss(string Id, string Title, DateTimeOffset? Date, IReadOnlyList<string> CaughtBy);

/// <param name="Kind">incident or near-miss.</param>
/// <param name="RecurrenceOf">The earlier record's id, as written.</param>
/// <param name="EarlierTitle">Its title; null when no record has that id.</param>
public sealed record Recurrence(string Id, string Title, string Kind, DateTimeOffset? Date, string RecurrenceOf, string? EarlierTitle, string? EarlierKind);

/// <param name="Severity">sev1 .. sev4, or "none" for incidents without a (known) severity.</param>
public sealed record SeverityCount(string Severity, int Count, int PreviousCount);

/// <param name="Count">Published incidents in the period that name this gap.</param>
/// <param name="PreviousCount">The same in the previous period.</param>
/// <param name="IncidentIds">The incidents in the period that name it, newest first.</param>
public sealed record GapCount(string Id, string Title, string Kind, int Count, int PreviousCount, IReadOnlyList<string> IncidentIds);

/// <param name="Count">Incidents in the period with at least one gap of this kind (an incident with two gaps of one kind counts once).</param>
public sealed record KindCount(string Kind, int Count, int PreviousCount);

/// <summary>Which dev/prod difference slipped through which gap: one cell per pair that some incident in the period names.</summary>
/// <param name="Differences">The differences named by incidents in the period that have a gap, in the taxonomy's order.</param>
/// <param name="Cells">Incidents in the period naming both the gap and the difference; pairs with no incident are left out.</param>
public sealed record DifferenceGapMatrix(IReadOnlyList<DifferenceColumn> Differences, IReadOnlyList<DifferenceGapCell> Cells)
{
    public int Count(string gap, string difference) =>
        Cells.FirstOrDefault(c => c.Gap == gap && c.Difference == difference)?.Count ?? 0;

    public int Max => Cells.Count == 0 ? 0 : Cells.Max(c => c.Count);
}

/// <param name="Count">Incidents in the period that name this difference.</param>
public sealed record DifferenceColumn(string Id, string Title, int Count);

public sealed record DifferenceGapCell(string Gap, string Difference, int Count);

/// <summary>
/// A gap that let two or more incidents through in the period, or let incidents through in this period and the one
/// before, said as a sentence for the meeting.
/// </summary>
/// <param name="OpenFromPrevious">
/// Action items of the previous period's incidents that name this gap (<c>gap:</c>) and are still open.
/// </param>
public sealed record Finding(string Gap, string Title, string Kind, int Count, int PreviousCount, int OpenFromPrevious, string Text);

/// <summary>
/// The action items of the period's incidents. <see cref="Opened"/> counts every item of those incidents (an item is
/// opened with its incident), <see cref="Overdue"/> the open ones due before <see cref="RetroReport.Today"/>.
/// </summary>
/// <param name="IncidentsWithGap">Incidents in the period that name at least one gap.</param>
/// <param name="IncidentsFollowedUp">
/// Those of them with at least one done action item naming one of their gaps (<c>gap:</c>).
/// </param>
/// <param name="FollowedUpShare">IncidentsFollowedUp / IncidentsWithGap, or null when no incident names a gap.</param>
public sealed record ActionItemStats(
    int Opened,
    int Done,
    int Open,
    int Overdue,
    IReadOnlyList<ActionItemGroup> ByOwner,
    IReadOnlyList<ActionItemGroup> ByGap,
    int IncidentsWithGap,
    int IncidentsFollowedUp,
    double? FollowedUpShare,
    IReadOnlyList<RetroActionItem> OverdueItems)
{
    /// <summary>Items with an owner and a due date: someone said they would do it by then (see <see cref="ActionItemCommitment"/>).</summary>
    public int Committed { get; init; }

    public int CommittedDone { get; init; }

    /// <summary>CommittedDone / Committed, or null when no item is committed: the rate a team answers for.</summary>
    public double? CommittedCompletion { get; init; }

    /// <summary>Items without an owner or without a due date: ideas still waiting for someone to take them on.</summary>
    public int Candidates { get; init; }

    public int CandidatesDone { get; init; }
}

/// <summary>
/// An action item without an owner or without a due date is a candidate, not a commitment: a long wish list should not
/// read as a team failing to do what it said it would.
/// </summary>
public static class ActionItemCommitment
{
    public static bool IsCandidate(string? owner, DateOnly? due) => string.IsNullOrWhiteSpace(owner) || due is null;
}

/// <param name="Key">The owner (without @) or the gap id; null for items that name none.</param>
public sealed record ActionItemGroup(string? Key, int Opened, int Done, int Open, int Overdue);

public sealed record RetroActionItem(string IncidentId, string IncidentTitle, string Text, string? Owner, DateOnly? Due, string? Gap, int Line);

/// <param name="Month">"2025-03".</param>
/// <param name="Incidents">Published incidents that started that month.</param>
/// <param name="ByKind">Per gap kind, incidents with at least one gap of that kind (so they may add up to more than Incidents).</param>
public sealed record MonthCount(string Month, int Incidents, IReadOnlyDictionary<string, int> ByKind, int WithoutGap);

public sealed record RetroIncident(
    string Id,
    string Title,
    DateTimeOffset? Date,
    string? Severity,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Differences,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Services);
