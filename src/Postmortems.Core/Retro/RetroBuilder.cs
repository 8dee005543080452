using System.Globalization;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Retro;

/// <param name="Team">Only incidents that name this team (case-insensitive, as the store's filters compare).</param>
/// <param name="Service">Only incidents that name this service.</param>
public sealed record RetroRequest(RetroPeriod Period, string? Team = null, string? Service = null);

/// <summary>
/// Computes a retro from the store's digests of published incidents (no Markdown is read): the period, the one before
/// it and the trend's twelve months are read in one date-ranged query, and everything else is counted in memory.
/// </summary>
public static class RetroBuilder
{
    public const int TrendMonths = 12;

    /// <summary>The key of incidents without a severity (or with one the format does not know) in severity counts.</summary>
    public const string NoSeverity = "none";

    /// <summary>The kind of a gap id the taxonomy does not know (it was removed after the incident named it).</summary>
    public const string UnknownKind = "unknown";

    public static RetroReport Build(IncidentStore store, GapTaxonomy taxonomy, RetroRequest request, DateOnly today) =>
        RetroCache.GetOrAdd(store, taxonomy, request, today, () => BuildNow(store, taxonomy, request, today));

    private static RetroReport BuildNow(IncidentStore store, GapTaxonomy taxonomy, RetroRequest request, DateOnly today)
    {
        var report = Build(PublishedInWindow(store, request.Period), taxonomy, request, today);
        // An earlier record outside the window is looked up by id, one at a time: recurrences are few.
        return report with
        {
            Recurrences = report.Recurrences.Select(r => r.EarlierTitle is null && store.Get(r.RecurrenceOf) is { } earlier
                ? r with { EarlierTitle = earlier.Title, EarlierKind = RecordKind.Of(earlier.Kind) }
                : r).ToList(),
        };
    }

    /// <summary>
    /// The published records a retro over this period counts. The app loads the incident catalog at start, and from it
    /// a year of 100,000 incidents (40,000 records) is counted in memory; read from the store's digests it took 2.5 s.
    /// A one-off run (the command line) reads only the window's digests from the store.
    /// </summary>
    private static List<IncidentDigest> PublishedInWindow(IncidentStore store, RetroPeriod period)
    {
        var (from, to) = Window(period);
        var catalog = IncidentCatalog.For(store);
        if (!catalog.IsLoaded)
            return store.Summaries(new IncidentFilter { Status = IncidentStatus.Published, From = from, To = to }).ToList();
        return catalog.Incidents
            .Where(i => i.Date is { } date && date >= from && date < to
                && string.Equals(i.Status, IncidentStatus.Published, StringComparison.OrdinalIgnoreCase))
            .Select(i => i.ToDigest())
            .ToList();
    }

    /// <summary>The instants a retro needs incidents from: the previous period's start (or the trend's) to the period's end.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(RetroPeriod period)
    {
        var trend = TrendStart(period);
        var previous = period.Previous();
        var from = previous.Start < trend ? previous.Start : trend;
        var trendEnd = RetroPeriod.At(MonthStart(period.To).AddMonths(1));
        return (from, period.End > trendEnd ? period.End : trendEnd);
    }

    /// <summary>The report over these incidents; those that are not published, or fall outside the window, are ignored.</summary>
    public static RetroReport Build(IEnumerable<IncidentDigest> incidents, GapTaxonomy taxonomy, RetroRequest request, DateOnly today)
    {
        var period = request.Period;
        var previous = period.Previous();
        var records = incidents.Where(i => string.Equals(i.Status, IncidentStatus.Published, StringComparison.OrdinalIgnoreCase)).ToList();
        var published = records.Where(i => !i.IsNearMiss).ToList();
        var inEither = published.Where(i => period.Contains(i.Date) || previous.Contains(i.Date)).ToList();
        var teams = Options(inEither.SelectMany(i => i.Teams), request.Team);
        var services = Options(inEither.SelectMany(i => i.Services), request.Service);

        var selected = published.Where(i => Names(i.Teams, request.Team) && Names(i.Services, request.Service)).ToList();
        var current = selected.Where(i => period.Contains(i.Date))
            .OrderByDescending(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var before = selected.Where(i => previous.Contains(i.Date)).ToList();
        var gaps = new GapResolver(taxonomy);

        var gapCounts = GapCounts(current, before, gaps);
        var selectedRecords = records.Where(i => Names(i.Teams, request.Team) && Names(i.Services, request.Service)).ToList();
        var phrase = period.Phrase(today);
        return new RetroReport(
            period,
            previous,
            period.Phrase(today),
            request.Team,
            request.Service,
            today,
            current.Count,
            before.Count,
            Severities(current, before),
            gapCounts,
            current.Count(i => i.Gaps.Count == 0),
            before.Count(i => i.Gaps.Count == 0),
            Kinds(current, before, gaps),
            DifferencesByGap(current, gapCounts, gaps, taxonomy),
            Findings(gapCounts, before, gaps, period, previous, today),
            ActionItems(current, gaps, today),
            Trend(selected, period, gaps),
            current.Select(i => new RetroIncident(i.Id, i.Title, i.Date, i.Severity,
                gaps.Of(i).Select(g => g.Id).ToList(), i.Differences, i.Teams, i.Services)).ToList(),
            teams,
            services)
        {
            NearMisses = selectedRecords.Where(i => i.IsNearMiss && period.Contains(i.Date))
                .OrderByDescending(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal)
                .Select(i => new RetroNearMiss(i.Id, i.Title, i.Date, i.CaughtBy.Select(g => gaps.Resolve(g).Id).Distinct().ToList()))
                .ToList(),
            EscapeRates = EscapeRates.ForPeriod(selectedRecords, taxonomy, period, phrase),
            Recurrences = Recurrences(selectedRecords, records, period),
        };
    }

    /// <summary>The records of the period that say they happened again after an earlier one, newest first.</summary>
    private static List<Recurrence> Recurrences(List<IncidentDigest> selected, List<IncidentDigest> all, RetroPeriod period)
    {
        var byId = all.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return selected
            .Where(i => i.RecurrenceOf is not null && period.Contains(i.Date))
            .OrderByDescending(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i =>
            {
                var earlier = byId.GetValueOrDefault(i.RecurrenceOf!);
                return new Recurrence(i.Id, i.Title, i.Kind, i.Date, i.RecurrenceOf!, earlier?.Title, earlier?.Kind);
            })
            .ToList();
    }

    private static bool Names(IReadOnlyList<string> values, string? wanted) =>
        wanted is null || values.Contains(wanted, StringComparer.OrdinalIgnoreCase);

    private static List<string> Options(IEnumerable<string> values, string? selected) =>
        values.Append(selected ?? "")
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static List<SeverityCount> Severities(List<IncidentDigest> current, List<IncidentDigest> before)
    {
        static string Key(IncidentDigest i) =>
            IncidentSeverity.All.FirstOrDefault(s => s.Equals(i.Severity, StringComparison.OrdinalIgnoreCase)) ?? NoSeverity;
        var now = current.CountBy(Key).ToDictionary();
        var then = before.CountBy(Key).ToDictionary();
        var counts = IncidentSeverity.All
            .Select(s => new SeverityCount(s, now.GetValueOrDefault(s), then.GetValueOrDefault(s)))
            .ToList();
        var none = new SeverityCount(NoSeverity, now.GetValueOrDefault(NoSeverity), then.GetValueOrDefault(NoSeverity));
        if (none.Count + none.PreviousCount > 0) counts.Add(none);
        return counts;
    }

    private static List<GapCount> GapCounts(List<IncidentDigest> current, List<IncidentDigest> before, GapResolver gaps)
    {
        var previousCounts = before.SelectMany(gaps.Of).GroupBy(g => g.Id).ToDictionary(g => g.Key, g => g.Count());
        var now = current.SelectMany(i => gaps.Of(i).Select(g => (Gap: g, Incident: i.Id)))
            .GroupBy(x => x.Gap.Id)
            .ToDictionary(g => g.Key, g => (g.First().Gap, Ids: g.Select(x => x.Incident).ToList()));
        var ids = now.Keys.Union(previousCounts.Keys);
        return ids
            .Select(id =>
            {
                var gap = now.TryGetValue(id, out var n) ? n.Gap : gaps.Resolve(id);
                var incidentIds = now.TryGetValue(id, out var m) ? m.Ids : [];
                return new GapCount(gap.Id, gap.Title, gap.Kind, incidentIds.Count, previousCounts.GetValueOrDefault(id), incidentIds);
            })
            .OrderByDescending(g => g.Count)
            .ThenByDescending(g => g.PreviousCount)
            .ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static List<KindCount> Kinds(List<IncidentDigest> current, List<IncidentDigest> before, GapResolver gaps)
    {
        int Count(List<IncidentDigest> incidents, string kind) => incidents.Count(i => gaps.Of(i).Any(g => g.Kind == kind));
        var kinds = GapKind.All.ToList();
        if (current.Concat(before).SelectMany(gaps.Of).Any(g => g.Kind == UnknownKind)) kinds.Add(UnknownKind);
        return kinds.Select(k => new KindCount(k, Count(current, k), Count(before, k))).ToList();
    }

    private static DifferenceGapMatrix DifferencesByGap(List<IncidentDigest> current, List<GapCount> gapCounts, GapResolver gaps, GapTaxonomy taxonomy)
    {
        string DifferenceId(string id) => taxonomy.FindDifference(id)?.Id ?? id;
        var pairs = current
            .SelectMany(i => gaps.Of(i).SelectMany(g => i.Differences.Select(DifferenceId).Distinct().Select(d => (Gap: g.Id, Difference: d))))
            .ToList();
        var order = taxonomy.Differences.Select(d => d.Id).ToList();
        var naming = current.SelectMany(i => i.Differences.Select(DifferenceId).Distinct()).CountBy(d => d).ToDictionary();
        var columns = pairs.Select(p => p.Difference).Distinct()
            .OrderBy(d => order.IndexOf(d) is var index && index >= 0 ? index : int.MaxValue)
            .ThenBy(d => d, StringComparer.Ordinal)
            .Select(d => new DifferenceColumn(d, taxonomy.FindDifference(d)?.Title ?? d, naming.GetValueOrDefault(d)))
            .ToList();
        var rank = gapCounts.Select(g => g.Id).ToList();
        var cells = pairs.GroupBy(p => p)
            .Select(g => new DifferenceGapCell(g.Key.Gap, g.Key.Difference, g.Count()))
            .OrderBy(c => rank.IndexOf(c.Gap))
            .ThenBy(c => columns.FindIndex(d => d.Id == c.Difference))
            .ToList();
        return new DifferenceGapMatrix(columns, cells);
    }

    private static List<Finding> Findings(
        List<GapCount> gapCounts, List<IncidentDigest> before, GapResolver gaps, RetroPeriod period, RetroPeriod previous, DateOnly today)
    {
        var phrase = period.Phrase(today);
        var findings = new List<Finding>();
        var openByGap = before.SelectMany(i => i.ActionItems)
            .Where(a => !a.Done && a.Gap is not null)
            .CountBy(a => gaps.Resolve(a.Gap!).Id)
            .ToDictionary();
        foreach (var gap in gapCounts.Where(g => g.Count >= 2 || g.Count >= 1 && g.PreviousCount >= 1))
        {
            var openFromPrevious = openByGap.GetValueOrDefault(gap.Id);
            var text = gap.Count >= 2
                ? $"{Capitalize(Ordinal(gap.Count))} incident through `{gap.Id}` {phrase}" +
                  (gap.PreviousCount > 0 ? $", after {Incidents(gap.PreviousCount)} in the previous period ({previous.Range})" : "")
                : $"`{gap.Id}` let an incident through again {phrase}, after {Incidents(gap.PreviousCount)} in the previous period ({previous.Range})";
            if (openFromPrevious > 0)
                text += $"; {openFromPrevious} of the previous period's action items for it {(openFromPrevious == 1 ? "is" : "are")} still open";
            findings.Add(new Finding(gap.Id, gap.Title, gap.Kind, gap.Count, gap.PreviousCount, openFromPrevious, text + "."));
        }
        return findings;
    }

    private static ActionItemStats ActionItems(List<IncidentDigest> current, GapResolver gaps, DateOnly today)
    {
        var items = current.SelectMany(i => i.ActionItems.Select(a => (Incident: i, Item: a))).ToList();
        bool Overdue(StoredActionItem a) => !a.Done && a.Due is { } due && due < today;
        ActionItemGroup Group(string? key, IReadOnlyCollection<StoredActionItem> group) =>
            new(key, group.Count, group.Count(a => a.Done), group.Count(a => !a.Done), group.Count(Overdue));

        var byOwner = items.Select(x => x.Item)
            .GroupBy(a => string.IsNullOrWhiteSpace(a.Owner) ? null : a.Owner.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => Group(g.Key, g.ToList()))
            .OrderByDescending(g => g.Overdue).ThenByDescending(g => g.Open).ThenBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var byGap = items.Select(x => x.Item)
            .GroupBy(a => a.Gap is { } id ? gaps.Resolve(id).Id : null)
            .Select(g => Group(g.Key, g.ToList()))
            .OrderByDescending(g => g.Overdue).ThenByDescending(g => g.Open).ThenBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        var withGap = current.Where(i => i.Gaps.Count > 0).ToList();
        var followedUp = withGap.Count(i =>
        {
            var own = gaps.Of(i).Select(g => g.Id).ToHashSet();
            return i.ActionItems.Any(a => a.Done && a.Gap is { } id && own.Contains(gaps.Resolve(id).Id));
        });
        var overdue = items.Where(x => Overdue(x.Item))
            .OrderBy(x => x.Item.Due)
            .ThenBy(x => x.Incident.Id, StringComparer.Ordinal)
            .ThenBy(x => x.Item.Line)
            .Select(x => new RetroActionItem(x.Incident.Id, x.Incident.Title, x.Item.Text, x.Item.Owner, x.Item.Due,
                x.Item.Gap is { } id ? gaps.Resolve(id).Id : null, x.Item.Line))
            .ToList();

        var committed = items.Where(x => !ActionItemCommitment.IsCandidate(x.Item.Owner, x.Item.Due)).ToList();
        var committedDone = committed.Count(x => x.Item.Done);
        return new ActionItemStats(
            items.Count,
            items.Count(x => x.Item.Done),
            items.Count(x => !x.Item.Done),
            overdue.Count,
            byOwner,
            byGap,
            withGap.Count,
            followedUp,
            withGap.Count == 0 ? null : (double)followedUp / withGap.Count,
            overdue)
        {
            Committed = committed.Count,
            CommittedDone = committedDone,
            CommittedCompletion = committed.Count == 0 ? null : (double)committedDone / committed.Count,
            Candidates = items.Count - committed.Count,
            CandidatesDone = items.Count(x => x.Item.Done) - committedDone,
        };
    }

    private static List<MonthCount> Trend(List<IncidentDigest> selected, RetroPeriod period, GapResolver gaps)
    {
        var months = new List<MonthCount>();
        var first = MonthStart(TrendStartDay(period));
        // Each incident put in its month once, rather than every incident tested against each month.
        var byMonth = selected.Where(i => i.Date is not null)
            .ToLookup(i => (i.Date!.Value.UtcDateTime.Year - first.Year) * 12 + i.Date.Value.UtcDateTime.Month - first.Month);
        for (var month = first; months.Count < TrendMonths; month = month.AddMonths(1))
        {
            var incidents = byMonth[months.Count].ToList();
            var byKind = GapKind.All.ToDictionary(k => k, k => incidents.Count(i => gaps.Of(i).Any(g => g.Kind == k)));
            months.Add(new MonthCount(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), incidents.Count, byKind,
                incidents.Count(i => i.Gaps.Count == 0)));
        }
        return months;
    }

    /// <summary>The trend covers the twelve calendar months that end with the period's last month.</summary>
    private static DateOnly TrendStartDay(RetroPeriod period) => MonthStart(period.To).AddMonths(1 - TrendMonths);

    private static DateTimeOffset TrendStart(RetroPeriod period) => RetroPeriod.At(TrendStartDay(period));

    private static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    private static string Incidents(int count) => count == 1 ? "1 incident" : $"{count} incidents";

    private static readonly string[] OrdinalWords =
        ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

    /// <summary>"third", "twelfth", "21st".</summary>
    public static string Ordinal(int n)
    {
        if (n >= 0 && n < OrdinalWords.Length) return OrdinalWords[n];
        var suffix = (n % 100) is >= 11 and <= 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Gap ids as the incidents wrote them, resolved through the taxonomy (a former id is its renamed gap).</summary>
    private sealed class GapResolver(GapTaxonomy taxonomy)
    {
        private readonly Dictionary<string, ResolvedGap> _cache = new(StringComparer.OrdinalIgnoreCase);

        public ResolvedGap Resolve(string id)
        {
            if (_cache.TryGetValue(id, out var known)) return known;
            var gap = taxonomy.FindGap(id);
            return _cache[id] = gap is null ? new ResolvedGap(id, id, UnknownKind) : new ResolvedGap(gap.Id, gap.Title, gap.Kind);
        }

        private readonly Dictionary<IncidentDigest, ResolvedGap[]> _ofIncident = new(ReferenceEqualityComparer.Instance);

        /// <summary>An incident's gaps, each once, in the order it names them; worked out once per incident, as every section asks.</summary>
        public IReadOnlyList<ResolvedGap> Of(IncidentDigest incident) =>
            _ofIncident.TryGetValue(incident, out var known) ? known : _ofIncident[incident] = incident.Gaps.Select(Resolve).DistinctBy(g => g.Id).ToArray();
    }

    private sealed record ResolvedGap(string Id, string Title, string Kind);
}
