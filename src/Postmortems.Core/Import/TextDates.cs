using System.Globalization;
using System.Text.RegularExpressions;

namespace Postmortems.Core.Import;

/// <summary>A date found in free text, and the words it was read from.</summary>
public sealed record FoundDate(DateTimeOffset Date, string Text, int Position, bool DayKnown);

/// <summary>Finds the dates people write in postmortems: 2021-06-22, 22nd June 2021, June 13, 2025, November 2025.</summary>
public static partial class TextDates
{
    private const string Months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    /// <summary>
    /// The first date in the text with a day, else the first month and year; null when there is none. With
    /// <paramref name="year"/> (from a name like "PM2022-006"), the first date of that year wins over an earlier one
    /// that is background ("the script was written on 2020-12-21").
    /// </summary>
    public static FoundDate? First(string text, int? year = null)
    {
        var dates = Candidates(text).OrderBy(d => d.Position).ToList();
        var best = dates.FirstOrDefault(d => d.Date.Year == year) ?? dates.FirstOrDefault();
        if (best is not null) return best;
        var monthYear = MonthYear().Match(text);
        return monthYear.Success && Build(monthYear.Groups["year"].Value, monthYear.Groups["month"].Value, "1", null, null, monthYear) is { } date
            ? date with { DayKnown = false }
            : null;
    }

    private static IEnumerable<FoundDate> Candidates(string text)
    {
        foreach (Match iso in Iso().Matches(text))
        {
            if (Build(iso.Groups["year"].Value, iso.Groups["month"].Value, iso.Groups["day"].Value, iso.Groups["hour"].Value, iso.Groups["minute"].Value, iso) is { } date)
                yield return date;
        }
        foreach (Match dmy in DayMonthYear().Matches(text))
        {
            if (Build(dmy.Groups["year"].Value, dmy.Groups["month"].Value, dmy.Groups["day"].Value, null, null, dmy) is { } date) yield return date;
        }
        foreach (Match mdy in MonthDayYear().Matches(text))
        {
            if (Build(mdy.Groups["year"].Value, mdy.Groups["month"].Value, mdy.Groups["day"].Value, null, null, mdy) is { } date) yield return date;
        }
    }

    /// <summary>A date in a URL's path: /2017/02/22/ or 2017-02-15.</summary>
    public static DateTimeOffset? InUrl(string url)
    {
        var match = UrlDate().Match(url);
        return match.Success && Build(match.Groups["year"].Value, match.Groups["month"].Value, match.Groups["day"].Value, null, null, match) is { } date
            ? date.Date
            : null;
    }

    [GeneratedRegex(@"(?<year>(19|20)\d{2})[/-](?<month>\d{2})[/-](?<day>\d{2})(?!\d)")]
    private static partial Regex UrlDate();

    private static FoundDate? Build(string year, string month, string day, string? hour, string? minute, Match match)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) ? numeric : MonthNumber(month);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y is < 1970 or > 2100 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return null;
        var h = string.IsNullOrEmpty(hour) ? 0 : int.Parse(hour, CultureInfo.InvariantCulture);
        var min = string.IsNullOrEmpty(minute) ? 0 : int.Parse(minute, CultureInfo.InvariantCulture);
        if (h > 23 || min > 59) (h, min) = (0, 0);
        return new FoundDate(new DateTimeOffset(y, m, d, h, min, 0, TimeSpan.Zero), match.Value.Trim(), match.Index, DayKnown: true);
    }

    private static int MonthNumber(string name) =>
        name[..3].ToLowerInvariant() switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12, _ => 0,
        };

    [GeneratedRegex(@"(?<![\d-])(?<year>(19|20)\d{2})-(?<month>\d{2})-(?<day>\d{2})(?:[T ](?<hour>\d{2}):(?<minute>\d{2}))?(?![\d])")]
    private static partial Regex Iso();

    [GeneratedRegex(@"\b(?<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?<month>" + Months + @")\.?,?\s+(?<year>(19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<month>" + Months + @")\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>(19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(?<month>" + Months + @")\.?,?\s+(?<year>(19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthYear();
}

/// <summary>Durations as people write them ("25 minutes", "1 hour 48 minutes", "2h") in the format's form ("1h48m").</summary>
public static partial class TextDurations
{
    public static string? Parse(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in Part().Matches(text))
        {
            var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
            total += char.ToLowerInvariant(part.Groups["unit"].Value[0]) switch
            {
                'd' => TimeSpan.FromDays(value),
                'h' => TimeSpan.FromHours(value),
                's' => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMinutes(value),
            };
        }
        return total > TimeSpan.Zero ? Format(total) : null;
    }

    public static string Format(TimeSpan span)
    {
        var text = "";
        if (span.Days > 0) text += $"{span.Days}d";
        if (span.Hours > 0) text += $"{span.Hours}h";
        if (span.Minutes > 0 || text.Length == 0) text += $"{Math.Max(span.Minutes, span.TotalMinutes < 1 ? 1 : 0)}m";
        return text;
    }

    [GeneratedRegex(@"(?<value>\d+(?:\.\d+)?)\s*(?<unit>days?|d\b|hours?|hrs?|h\b|minutes?|mins?|m\b|seconds?|secs?|s\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Part();
}
