using System.Globalization;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Retro;

/// <summary>
/// How often each control lets through what it exists to catch: the published incidents that name it as a gap (let
/// through) against the published near misses that name it in <c>caught-by</c> (caught). Counted from the store's
/// digests (indexed fields, never the Markdown), over the same records the retro counts.
/// </summary>
public static class EscapeRates
{
    /// <summary>Below this many records in a period a rate says more about chance than about the control: counts only.</summary>
    public const int MinimumRecords = 3;

    /// <summary>let through / (let through + caught), or null with fewer than <see cref="MinimumRecords"/> records.</summary>
    public static double? Rate(int letThrough, int caught) =>
        letThrough + caught < MinimumRecords ? null : (double)letThrough / (letThrough + caught);

    /// <summary>Every control named by a record in the period, most records first.</summary>
    public static IReadOnlyList<EscapeRate> ForPeriod(IReadOnlyCollection<IncidentDigest> records, GapTaxonomy taxonomy, RetroPeriod period, string phrase)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        string Resolve(string id) => resolved.TryGetValue(id, out var known) ? known : resolved[id] = taxonomy.CurrentGapId(id);
        return Tally(records, Resolve, period)
            .Where(t => t.Value.LetThrough + t.Value.Caught > 0)
            .Select(t =>
            {
                var gap = taxonomy.FindGap(t.Key);
                return Of(t.Key, gap?.Title ?? t.Key, gap?.Kind ?? RetroBuilder.UnknownKind, t.Value, period, phrase);
            })
            .OrderByDescending(r => r.Records)
            .ThenBy(r => r.Gap, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// One control's escape rate for a period and its trend, from the store's <see cref="IncidentCatalog"/>: the published
    /// incidents that name any id the gap is known by, and the near misses it caught, over the period and the trend's
    /// twelve months. (The store's filtered queries read every record naming the gap: half a second at 100,000.)
    /// </summary>
    public static EscapeRate ForGap(IncidentStore store, Gap gap, RetroPeriod period, string phrase)
    {
        var (from, to) = Window(period);
        string[] ids = [gap.Id, .. gap.Aliases.Where(a => !a.Equals(gap.Id, StringComparison.OrdinalIgnoreCase))];
        var known = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
        var records = IncidentCatalog.For(store).Incidents
            .Where(r => r.Date >= from && r.Date < to && string.Equals(r.Status, IncidentStatus.Published, StringComparison.OrdinalIgnoreCase)
                        && (r.IsNearMiss ? r.CaughtBy : r.Gaps).Any(known.Contains))
            .Select(r => new IncidentDigest(r.Id, r.Id, r.Date, null, r.Status, r.Revision, r.Teams, [], r.Gaps, [], [])
            {
                Kind = r.Kind,
                CaughtBy = r.CaughtBy,
            })
            .ToList();
        string Resolve(string id) => known.Contains(id) ? gap.Id : id;
        return Of(gap.Id, gap.Title, gap.Kind, Tally(records, Resolve, period).GetValueOrDefault(gap.Id) ?? new Counts(), period, phrase);
    }

    /// <summary>The period and the trend's twelve calendar months that end with the period's last month.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(RetroPeriod period)
    {
        var trendStart = RetroPeriod.At(TrendStart(period));
        var trendEnd = RetroPeriod.At(TrendStart(period).AddMonths(RetroBuilder.TrendMonths));
        return (period.Start < trendStart ? period.Start : trendStart, period.End > trendEnd ? period.End : trendEnd);
    }

    private static DateOnly TrendStart(RetroPeriod period) => new DateOnly(period.To.Year, period.To.Month, 1).AddMonths(1 - RetroBuilder.TrendMonths);

    /// <summary>What a control let through and caught in the period and in each month of the trend.</summary>
    private sealed class Counts
    {
        public int LetThrough;
        public int Caught;
        public readonly int[] MonthLetThrough = new int[RetroBuilder.TrendMonths];
        public readonly int[] MonthCaught = new int[RetroBuilder.TrendMonths];
    }

    /// <summary>
    /// Every record counted once for each control it names, into the period and its trend month: one pass over the
    /// records (counting each control's periods apart took over a second for a year of 100,000 incidents).
    /// </summary>
    private static Dictionary<string, Counts> Tally(IEnumerable<IncidentDigest> records, Func<string, string> resolve, RetroPeriod period)
    {
        var trendStart = TrendStart(period);
        var (start, end) = (period.Start, period.End);
        var counts = new Dictionary<string, Counts>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Date is not { } date) continue;
            var inPeriod = date >= start && date < end;
            var utc = date.UtcDateTime;
            var month = (utc.Year - trendStart.Year) * 12 + utc.Month - trendStart.Month;
            var inTrend = month is >= 0 and < RetroBuilder.TrendMonths;
            if (!inPeriod && !inTrend) continue;
            foreach (var id in Named(record, resolve))
            {
                if (!counts.TryGetValue(id, out var count)) counts[id] = count = new Counts();
                if (inPeriod)
                {
                    if (record.IsNearMiss) count.Caught++;
                    else count.LetThrough++;
                }
                if (!inTrend) continue;
                if (record.IsNearMiss) count.MonthCaught[month]++;
                else count.MonthLetThrough[month]++;
            }
        }
        return counts;
    }

    private static EscapeRate Of(string id, string title, string kind, Counts counts, RetroPeriod period, string phrase)
    {
        var trend = new List<EscapeMonth>();
        var month = TrendStart(period);
        for (var n = 0; n < RetroBuilder.TrendMonths; n++, month = month.AddMonths(1))
        {
            var (letThrough, caught) = (counts.MonthLetThrough[n], counts.MonthCaught[n]);
            trend.Add(new EscapeMonth(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), letThrough, caught, Rate(letThrough, caught)));
        }
        return new EscapeRate(id, title, kind, counts.LetThrough, counts.Caught, Rate(counts.LetThrough, counts.Caught),
            Reading(id, counts.LetThrough, counts.Caught, phrase), trend);
    }

    /// <summary>A near miss counts for the controls that caught it; an incident for the gaps that let it through.</summary>
    private static IEnumerable<string> Named(IncidentDigest record, Func<string, string> resolve) =>
        (record.IsNearMiss ? record.CaughtBy : record.Gaps).Select(resolve).Distinct(StringComparer.Ordinal);

    /// <summary>"`load-testing` caught 9 of 12 this quarter; 3 got through as incidents (escape rate 25%)."</summary>
    public static string Reading(string gap, int letThrough, int caught, string phrase)
    {
        var total = letThrough + caught;
        if (total == 0) return $"`{gap}` caught nothing and let nothing through {phrase}.";
        if (total < MinimumRecords)
            return $"`{gap}` caught {caught} and let {letThrough} through {phrase}: too few records for a rate.";
        var through = letThrough == 1 ? "1 got through as an incident" : $"{letThrough} got through as incidents";
        return $"`{gap}` caught {caught} of {total} {phrase}; {through} (escape rate {Percent(Rate(letThrough, caught)!.Value)}).";
    }

    public static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}

/// <param name="LetThrough">Published incidents in the period that name the control as a gap.</param>
/// <param name="Caught">Published near misses in the period that name it in <c>caught-by</c>.</param>
/// <param name="Rate">LetThrough / (LetThrough + Caught); null with fewer than 3 records.</param>
/// <param name="Reading">The numbers in plain words, for the meeting.</param>
/// <param name="Trend">The same for each of the twelve calendar months that end with the period's last month.</param>
public sealed record EscapeRate(string Gap, string Title, string Kind, int LetThrough, int Caught, double? Rate, string Reading, IReadOnlyList<EscapeMonth> Trend)
{
    public int Records => LetThrough + Caught;
}

/// <param name="Month">"2026-03".</param>
public sealed record EscapeMonth(string Month, int LetThrough, int Caught, double? Rate);
