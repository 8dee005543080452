using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Retro;

public static class ActionItemStates
{
    public const string Any = "any";
    public const string Open = "open";
    public const string Done = "done";

    public static readonly IReadOnlyList<string> All = [Any, Open, Done];
}

/// <summary>Which action items to list; null means any. Every filter given must match.</summary>
public sealed record ActionItemFilter
{
    /// <summary>The owner the item names with <c>@</c> (case-insensitive); <see cref="NoOwner"/> for items that name none.</summary>
    public string? Owner { get; init; }

    /// <summary>The gap the item names with <c>gap:</c> (a former id counts as its renamed gap); <see cref="NoGap"/> for none.</summary>
    public string? Gap { get; init; }

    /// <summary>A team its incident names (case-insensitive).</summary>
    public string? Team { get; init; }

    /// <summary>Its incident's status (draft, in-review, published, imported).</summary>
    public string? Status { get; init; }

    public string State { get; init; } = ActionItemStates.Any;

    /// <summary>Only open items due before today.</summary>
    public bool OverdueOnly { get; init; }

    public const string NoOwner = "none";
    public const string NoGap = "none";

    /// <summary>The filter a query asks for (the page's and the API's parameters), or what is wrong with it.</summary>
    public static (ActionItemFilter? Filter, string? Error) Read(
        string? owner, string? gap, string? team, string? status, string? state, bool overdue, GapTaxonomy taxonomy)
    {
        var errors = new List<string>();
        owner = Blank(owner);
        gap = Blank(gap);
        if (gap is not null && gap != ActionItemFilter.NoGap && taxonomy.FindGap(gap) is null)
        {
            var nearest = EditDistance.NearestKnown(gap, taxonomy.GapIdsAndAliases);
            errors.Add($"Gap '{gap}' is unknown.{(nearest is null ? "" : $" Did you mean '{nearest}'?")} Use a gap id, or 'none' for items without one.");
        }
        status = Blank(status);
        if (status is not null && !IncidentStatus.All.Contains(status))
            errors.Add($"Status '{status}' is unknown. Use one of: {string.Join(", ", IncidentStatus.All)}.");
        state = Blank(state) ?? ActionItemStates.Any;
        if (!ActionItemStates.All.Contains(state))
            errors.Add($"State '{state}' is unknown. Use one of: {string.Join(", ", ActionItemStates.All)}.");
        if (overdue && state == ActionItemStates.Done) errors.Add("overdue=true lists open items, so it cannot go with state=done.");
        if (errors.Count > 0) return (null, string.Join(" ", errors));
        return (new ActionItemFilter
        {
            Owner = owner?.TrimStart('@'),
            Gap = gap is null or ActionItemFilter.NoGap ? gap : taxonomy.FindGap(gap)!.Id,
            Team = Blank(team),
            Status = status,
            State = state,
            OverdueOnly = overdue,
        }, null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <param name="Revision">The incident's revision the row was read at: a tick saves only over that revision.</param>
/// <param name="Gap">The gap the item names, resolved through the taxonomy; null when it names none.</param>
public sealed record ActionItemRow(
    string IncidentId,
    string IncidentTitle,
    DateTimeOffset? IncidentDate,
    string IncidentStatus,
    int Revision,
    IReadOnlyList<string> Teams,
    int Line,
    string Text,
    bool Done,
    string? Owner,
    DateOnly? Due,
    string? Gap,
    bool Overdue)
{
    /// <summary>No owner or no due date: an idea, not yet a commitment (see <see cref="ActionItemCommitment"/>).</summary>
    public bool Candidate => ActionItemCommitment.IsCandidate(Owner, Due);
}

/// <param name="Total">How many items match the filters in all.</param>
/// <param name="Open">Of those, how many are open; <paramref name="Overdue"/>: open and due before today.</param>
/// <param name="Owners">Every owner named by an item of the incidents the team and status filters select, to pick from.</param>
/// <param name="Gaps">Every gap named by those items.</param>
/// <param name="Teams">Every team named by an incident with action items, to pick from.</param>
public sealed record ActionItemPage(
    int Total,
    int Open,
    int Done,
    int Overdue,
    IReadOnlyList<ActionItemRow> Items,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Teams,
    DateOnly Today);

/// <summary>
/// Every action item across incidents, filtered and paged, open ones first with the earliest due date first. Counts and
/// sorts over the store's <see cref="IncidentCatalog"/> (every item, in memory, without texts) and reads the texts of
/// the page's rows only, so the list stays cheap however many incidents there are.
/// </summary>
public static class ActionItemList
{
    public static ActionItemPage Query(IncidentStore store, GapTaxonomy taxonomy, ActionItemFilter filter, DateOnly today, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var wantedGap = filter.Gap is { } g && g != ActionItemFilter.NoGap ? taxonomy.CurrentGapId(g) : filter.Gap;
        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var gaps = new HashSet<string>(StringComparer.Ordinal);
        var teams = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        // The worst of the best skip + take rows sits on top, to be pushed out by a better one.
        var best = new PriorityQueue<Candidate, Candidate>(Comparer<Candidate>.Create((a, b) => CandidateOrder.Compare(b, a)));
        int total = 0, open = 0, done = 0, overdue = 0;

        // The team and status are matched here rather than in the store so that the team list covers every team, whichever is picked.
        foreach (var incident in IncidentCatalog.For(store).Incidents)
        {
            if (incident.Items.Count == 0) continue;
            foreach (var team in incident.Teams) teams.Add(team);
            if (filter.Team is { } wantedTeam && !incident.Teams.Contains(wantedTeam, StringComparer.OrdinalIgnoreCase)) continue;
            if (filter.Status is { } wantedStatus && !string.Equals(incident.Status, wantedStatus, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var item in incident.Items)
            {
                string? gap = null;
                if (item.Gap is { } id && !resolved.TryGetValue(id, out gap)) resolved[id] = gap = taxonomy.CurrentGapId(id);
                if (item.Owner is { } owner) owners.Add(owner);
                if (gap is not null) gaps.Add(gap);

                var isOverdue = !item.Done && item.Due is { } due && due < today;
                if (!Matches(filter, item.Owner, gap, wantedGap, item.Done, isOverdue)) continue;
                total++;
                if (item.Done) done++; else open++;
                if (isOverdue) overdue++;

                if (skip + take == 0) continue;
                var candidate = new Candidate(incident, item, gap, isOverdue);
                if (best.Count < skip + take) best.Enqueue(candidate, candidate);
                else if (CandidateOrder.Compare(candidate, best.Peek()) < 0) best.EnqueueDequeue(candidate, candidate);
            }
        }

        var chosen = best.UnorderedItems.Select(x => x.Element).Order(CandidateOrder).Skip(skip).Take(take).ToList();
        var records = store.ActionItemRecordsById(chosen.Select(c => ActionItemRecord.IdOf(c.Incident.Id, c.Item.Line)))
            .ToDictionary(r => r.Id, StringComparer.Ordinal);
        // A row whose incident was saved again or deleted since the catalog was read is left out of this page.
        var page = chosen
            .Select(c => records.GetValueOrDefault(ActionItemRecord.IdOf(c.Incident.Id, c.Item.Line)) is { } r
                ? new ActionItemRow(r.IncidentId, r.IncidentTitle, r.IncidentDate, r.Status, r.Revision, r.Teams, r.Line, r.Text, r.Done,
                    r.Owner, r.Due, c.Gap, !r.Done && r.Due is { } due && due < today)
                : null)
            .OfType<ActionItemRow>()
            .ToList();
        return new ActionItemPage(total, open, done, overdue, page,
            owners.Order(StringComparer.OrdinalIgnoreCase).ToList(), gaps.Order(StringComparer.Ordinal).ToList(),
            teams.Order(StringComparer.OrdinalIgnoreCase).ToList(), today);
    }

    private sealed record Candidate(CatalogIncident Incident, CatalogItem Item, string? Gap, bool Overdue);

    private static readonly IComparer<Candidate> CandidateOrder = Comparer<Candidate>.Create((a, b) =>
        Compare(a.Item.Done, a.Item.Due, a.Incident.Date, a.Incident.Id, a.Item.Line, b.Item.Done, b.Item.Due, b.Incident.Date, b.Incident.Id, b.Item.Line));

    private static bool Matches(ActionItemFilter filter, string? owner, string? gap, string? wantedGap, bool done, bool overdue)
    {
        if (filter.Owner is { } wantedOwner
            && !(wantedOwner == ActionItemFilter.NoOwner ? owner is null : string.Equals(owner, wantedOwner.TrimStart('@'), StringComparison.OrdinalIgnoreCase)))
            return false;
        if (wantedGap is not null && !(wantedGap == ActionItemFilter.NoGap ? gap is null : gap == wantedGap)) return false;
        if (filter.State == ActionItemStates.Open && done) return false;
        if (filter.State == ActionItemStates.Done && !done) return false;
        return !filter.OverdueOnly || overdue;
    }

    /// <summary>Open before done; then the earliest due date (none last); then the newest incident; then file order.</summary>
    public static readonly IComparer<ActionItemRow> Order = Comparer<ActionItemRow>.Create((a, b) =>
        Compare(a.Done, a.Due, a.IncidentDate, a.IncidentId, a.Line, b.Done, b.Due, b.IncidentDate, b.IncidentId, b.Line));

    private static int Compare(bool aDone, DateOnly? aDue, DateTimeOffset? aDate, string aId, int aLine, bool bDone, DateOnly? bDue, DateTimeOffset? bDate, string bId, int bLine)
    {
        var c = aDone.CompareTo(bDone);
        if (c != 0) return c;
        c = (aDue ?? DateOnly.MaxValue).CompareTo(bDue ?? DateOnly.MaxValue);
        if (c != 0) return c;
        c = Nullable.Compare(bDate, aDate);
        if (c != 0) return c;
        c = string.CompareOrdinal(aId, bId);
        return c != 0 ? c : aLine.CompareTo(bLine);
    }
}
