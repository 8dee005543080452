using System.Globalization;
using System.Text.Json.Serialization;

namespace Postmortems.Core.Retro;

/// <summary>
/// The days a retro looks at, in UTC: <see cref="From"/> and <see cref="To"/> both included, each as a whole day, so an
/// incident counts when its date falls in [From 00:00Z, To + 1 day 00:00Z). A date given without a time is midnight UTC.
/// </summary>
public sealed record RetroPeriod
{
    public RetroPeriod(DateOnly from, DateOnly to)
    {
        if (to < from) throw new ArgumentException($"The period's end ({Day(to)}) is before its start ({Day(from)})", nameof(to));
        From = from;
        To = to;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The first instant in the period.</summary>
    [JsonIgnore]
    public DateTimeOffset Start => At(From);

    /// <summary>The first instant after the period.</summary>
    [JsonIgnore]
    public DateTimeOffset End => At(To.AddDays(1));

    public bool Contains(DateTimeOffset? instant) => instant is { } i && i >= Start && i < End;

    /// <summary>
    /// The period to compare with: the same number of calendar months before when the period is whole months (a quarter
    /// is compared with the quarter before, a year with the year before); the same days of the month, quarter or year
    /// before when the period runs from the start of one into it ("this year" so far is compared with last year up to
    /// the same day); else the same number of days just before.
    /// </summary>
    public RetroPeriod Previous()
    {
        if (WholeMonths is { } months)
            return new RetroPeriod(From.AddMonths(-months), From.AddDays(-1));
        if (ToDateUnit is { } unit)
            return new RetroPeriod(From.AddMonths(-unit), To.AddMonths(-unit));
        return new RetroPeriod(From.AddDays(-Days), From.AddDays(-1));
    }

    /// <summary>
    /// 1, 3 or 12 when the period starts on the first day of a month, quarter or year and ends inside it (the smallest
    /// that holds it): the period is that month, quarter or year "so far".
    /// </summary>
    private int? ToDateUnit
    {
        get
        {
            if (From.Day != 1) return null;
            foreach (var unit in new[] { 1, 3, 12 })
            {
                var startsOne = unit switch { 3 => (From.Month - 1) % 3 == 0, 12 => From.Month == 1, _ => true };
                if (startsOne && To < From.AddMonths(unit)) return unit;
            }
            return null;
        }
    }

    /// <summary>How many calendar months the period covers when it starts on a 1st and ends on a month's last day.</summary>
    [JsonIgnore]
    public int? WholeMonths =>
        From.Day == 1 && To.AddDays(1).Day == 1
            ? (To.Year - From.Year) * 12 + To.Month - From.Month + 1
            : null;

    /// <summary>The period in words for a sentence ("this quarter", "in 2025", "in the last 90 days").</summary>
    public string Phrase(DateOnly today)
    {
        var quarterStart = QuarterStart(today);
        if (From == quarterStart && To == today) return "this quarter";
        if (From == new DateOnly(today.Year, 1, 1) && To == today) return "this year";
        if (WholeMonths is { } months)
        {
            if (months == 3 && (From.Month - 1) % 3 == 0) return $"in {From.Year} Q{(From.Month - 1) / 3 + 1}";
            if (months == 12 && From.Month == 1) return $"in {From.Year}";
            if (months == 1) return $"in {From.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}";
        }
        if (To == today) return $"in the last {Days} days";
        return $"from {Day(From)} to {Day(To)}";
    }

    /// <summary>"2025-01-01 – 2025-12-31".</summary>
    [JsonIgnore]
    public string Range => From == To ? Day(From) : $"{Day(From)} – {Day(To)}";

    /// <summary>
    /// Reads a period from <c>from</c> and <c>to</c> days (YYYY-MM-DD, UTC, both included). Without <c>to</c> the period
    /// ends today; without <c>from</c> it is the 90 days up to <c>to</c>.
    /// </summary>
    public static (RetroPeriod? Period, string? Error) Parse(string? from, string? to, DateOnly today)
    {
        var errors = new List<string>();
        var end = ReadDay(to, "to", errors) ?? today;
        var start = ReadDay(from, "from", errors) ?? end.AddDays(-89);
        if (errors.Count == 0 && start > end) errors.Add($"from ({Day(start)}) is after to ({Day(end)}).");
        return errors.Count > 0 ? (null, string.Join(" ", errors)) : (new RetroPeriod(start, end), null);
    }

    private static DateOnly? ReadDay(string? text, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add($"{name} must be a day written YYYY-MM-DD (got '{text}').");
        return null;
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly QuarterStart(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>Today's date in UTC, the day every retro period and overdue date is measured against.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}

/// <summary>The periods a retro is usually held over, each computed from today (UTC).</summary>
public static class RetroPresets
{
    public const string Last30Days = "last-30-days";
    public const string Last90Days = "last-90-days";
    public const string ThisQuarter = "this-quarter";
    public const string LastQuarter = "last-quarter";
    public const string Last12Months = "last-12-months";
    public const string ThisYear = "this-year";
    public const string LastYear = "last-year";
    public const string Custom = "custom";

    public const string Default = Last90Days;

    /// <summary>Every preset, in the order a picker lists them, with its label.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        (Last30Days, "Last 30 days"),
        (Last90Days, "Last 90 days"),
        (ThisQuarter, "This quarter"),
        (LastQuarter, "Last quarter"),
        (Last12Months, "Last 12 months"),
        (ThisYear, "This year"),
        (LastYear, "Last year"),
        (Custom, "Custom dates"),
    ];

    /// <summary>The period a preset stands for today; null for <see cref="Custom"/> or an unknown key.</summary>
    public static RetroPeriod? Period(string key, DateOnly today)
    {
        var quarter = RetroPeriod.QuarterStart(today);
        return key switch
        {
            Last30Days => new RetroPeriod(today.AddDays(-29), today),
            Last90Days => new RetroPeriod(today.AddDays(-89), today),
            ThisQuarter => new RetroPeriod(quarter, today),
            LastQuarter => new RetroPeriod(quarter.AddMonths(-3), quarter.AddDays(-1)),
            Last12Months => new RetroPeriod(today.AddYears(-1).AddDays(1), today),
            ThisYear => new RetroPeriod(new DateOnly(today.Year, 1, 1), today),
            LastYear => new RetroPeriod(new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31)),
            _ => null,
        };
    }

    /// <summary>The preset that gives exactly this period today, or <see cref="Custom"/>.</summary>
    public static string KeyOf(RetroPeriod period, DateOnly today) =>
        All.Select(p => p.Key).FirstOrDefault(key => Period(key, today) == period) ?? Custom;

    public static string Label(string key) => All.FirstOrDefault(p => p.Key == key).Label ?? key;
}
