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
    bool Overdue);

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
/// Every action item across incidents, filtered and paged, open ones first with the earliest due date first. Reads the
/// store's digests one incident at a time and keeps only the page being asked for (and the counts), so the list stays
/// cheap however many incidents there are.
/// </summary>
public static class ActionItemList
{
    public static ActionItemPage Query(IncidentStore store, GapTaxonomy taxonomy, ActionItemFilter filter, DateOnly today, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var wantedGap = filter.Gap is { } g && g != ActionItemFilter.NoGap ? taxonomy.FindGap(g)?.Id ?? g : filter.Gap;
        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var gaps = new HashSet<string>(StringComparer.Ordinal);
        var teams = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // The worst of the best skip + take rows sits on top, to be pushed out by a better one.
        var best = new PriorityQueue<ActionItemRow, ActionItemRow>(Comparer<ActionItemRow>.Create((a, b) => Order.Compare(b, a)));
        int total = 0, open = 0, done = 0, overdue = 0;

        // Every incident is read (owners and due dates are not indexed), one digest at a time; the team and status are
        // matched here rather than in the store so that the team list covers every team, whichever is picked.
        foreach (var incident in store.Summaries(new IncidentFilter()))
        {
            if (incident.ActionItems.Count == 0) continue;
            foreach (var team in incident.Teams) teams.Add(team);
            if (filter.Team is { } wantedTeam && !incident.Teams.Contains(wantedTeam, StringComparer.OrdinalIgnoreCase)) continue;
            if (filter.Status is { } wantedStatus && !string.Equals(incident.Status, wantedStatus, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var item in incident.ActionItems)
            {
                var gap = item.Gap is { } id ? taxonomy.FindGap(id)?.Id ?? id : null;
                var owner = string.IsNullOrWhiteSpace(item.Owner) ? null : item.Owner.Trim();
                if (owner is not null) owners.Add(owner);
                if (gap is not null) gaps.Add(gap);

                var isOverdue = !item.Done && item.Due is { } due && due < today;
                if (!Matches(filter, owner, gap, wantedGap, item.Done, isOverdue)) continue;
                total++;
                if (item.Done) done++; else open++;
                if (isOverdue) overdue++;

                var row = new ActionItemRow(incident.Id, incident.Title, incident.Date, incident.Status, incident.Revision, incident.Teams,
                    item.Line, item.Text, item.Done, owner, item.Due, gap, isOverdue);
                if (skip + take == 0) continue;
                if (best.Count < skip + take) best.Enqueue(row, row);
                else if (Order.Compare(row, best.Peek()) < 0) best.EnqueueDequeue(row, row);
            }
        }

        var page = best.UnorderedItems.Select(x => x.Element).Order(Order).Skip(skip).Take(take).ToList();
        return new ActionItemPage(total, open, done, overdue, page,
            owners.Order(StringComparer.OrdinalIgnoreCase).ToList(), gaps.Order(StringComparer.Ordinal).ToList(),
            teams.Order(StringComparer.OrdinalIgnoreCase).ToList(), today);
    }

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
    {
        var c = a.Done.CompareTo(b.Done);
        if (c != 0) return c;
        c = (a.Due ?? DateOnly.MaxValue).CompareTo(b.Due ?? DateOnly.MaxValue);
        if (c != 0) return c;
        c = Nullable.Compare(b.IncidentDate, a.IncidentDate);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.IncidentId, b.IncidentId);
        return c != 0 ? c : a.Line.CompareTo(b.Line);
    });
}
