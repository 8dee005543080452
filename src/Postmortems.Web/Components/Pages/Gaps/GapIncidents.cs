using System.Globalization;
using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Web.Components.Pages.Gaps;

/// <summary>
/// The incidents a gap let through, counted and listed by the search index, which keeps every incident's gaps as
/// exact values with doc values: one search counts every gap at once, or one gap's incidents in a period, in
/// milliseconds however many incidents there are, and a page of a list reads that page only. (The store's filtered
/// queries read every matching incident to count or sort them: about a second per gap at 100,000 incidents.)
/// The index files an incident under its gap's current id, so a renamed gap keeps the incidents that still name
/// it by a former id.
/// </summary>
public static class GapIncidents
{
    /// <summary>The ids an incident may name this gap by: its current id first, then the ids it was renamed from.</summary>
    public static IReadOnlyList<string> Ids(Gap gap) => [gap.Id, .. gap.Aliases.Where(a => !a.Equals(gap.Id, StringComparison.OrdinalIgnoreCase))];

    /// <summary>How many incidents name each gap, by current gap id; a gap no incident names is not in it.</summary>
    public static IReadOnlyDictionary<string, int> CountsByGap(IncidentIndex index) =>
        Facet(index.Search(new SearchRequest(null, Limit: 0) { Filters = [OnlyIncidents] }), "gaps")
            .ToDictionary(f => f.Value, f => f.Count, StringComparer.OrdinalIgnoreCase);

    /// <summary>How many incidents name the gap.</summary>
    public static int Count(IncidentIndex index, Gap gap) => Search(index, gap, null, 0, 0).Total;

    /// <summary>
    /// One page of the gap's incidents, newest first, and how many there are in all. Pages end at the search's
    /// window (<see cref="SearchRequest.MaxWindow"/> incidents).
    /// </summary>
    public static (IReadOnlyList<SearchHit> Page, int Total) Page(IncidentIndex index, Gap gap, int skip, int take)
    {
        var result = Search(index, gap, null, skip, take);
        return (result.Hits, result.Total);
    }

    /// <summary>
    /// Incidents per period from the gap's first dated incident to now (or to its latest, if later), so that quiet
    /// periods since show too: by quarter when that spans three calendar years or less, by year beyond.
    /// Incidents without a date are left out.
    /// </summary>
    public static IReadOnlyList<PeriodCount> OverTime(IncidentIndex index, Gap gap, DateTimeOffset now)
    {
        var years = Facet(Search(index, gap, null, 0, 0), "year")
            .Select(f => int.TryParse(f.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : (int?)null)
            .OfType<int>()
            .ToList();
        if (years.Count == 0) return [];
        var first = years.Min();
        var last = Math.Max(years.Max(), now.UtcDateTime.Year);

        if (last - first + 1 > MaxYearsByQuarter)
        {
            return Enumerable.Range(first, last - first + 1)
                .Select(year => Period(index, gap, year.ToString(CultureInfo.InvariantCulture), Start(year, 1), Start(year + 1, 1)))
                .ToList();
        }

        var lastQuarter = last > now.UtcDateTime.Year ? new DateTimeOffset(last, 12, 31, 0, 0, 0, TimeSpan.Zero) : now.ToUniversalTime();
        var periods = new List<PeriodCount>();
        for (var start = Start(first, 1); start <= lastQuarter; start = start.AddMonths(3))
        {
            var label = $"{start.Year} Q{(start.Month - 1) / 3 + 1}";
            periods.Add(Period(index, gap, label, start, start.AddMonths(3)));
        }
        // From the quarter of the first incident: the empty quarters before it say nothing.
        return periods.SkipWhile(p => p.Count == 0).ToList();
    }

    private const int MaxYearsByQuarter = 3;

    private static DateTimeOffset Start(int year, int month) => new(year, month, 1, 0, 0, 0, TimeSpan.Zero);

    private static PeriodCount Period(IncidentIndex index, Gap gap, string label, DateTimeOffset from, DateTimeOffset to) =>
        new(label, from, to, Search(index, gap, $"date:[{from:yyyy-MM-dd} TO {to.AddDays(-1):yyyy-MM-dd}]", 0, 0).Total);

    private static SearchResult Search(IncidentIndex index, Gap gap, string? query, int skip, int take) =>
        index.Search(new SearchRequest(query, take, skip, SearchSort.Date) { Filters = [new SearchFilter("gap", gap.Id), OnlyIncidents] });

    /// <summary>A near miss may name the gaps that missed it before another control caught it: it was not let through.</summary>
    private static readonly SearchFilter OnlyIncidents = new("kind", RecordKind.Incident);

    private static IReadOnlyList<FacetValue> Facet(SearchResult result, string name) =>
        result.Facets.TryGetValue(name, out var values) ? values : [];
}

/// <summary>How many incidents fall in [From, To).</summary>
public sealed record PeriodCount(string Label, DateTimeOffset From, DateTimeOffset To, int Count);
