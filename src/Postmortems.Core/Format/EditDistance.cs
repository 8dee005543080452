namespace Postmortems.Core.Format;

/// <summary>
/// How far a mistyped word is from a known one: the one measure behind every "did you mean" (the validator, the API,
/// the gap page and the search box).
/// </summary>
public static class EditDistance
{
    /// <summary>
    /// Optimal string alignment distance (a swap of two neighbouring letters is one edit, the commonest typo), case
    /// sensitive; past <paramref name="max"/> it gives up early and returns <paramref name="max"/> + 1.
    /// </summary>
    public static int Between(string a, string b, int max = int.MaxValue - 1)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max) return max + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    /// <summary>
    /// The known value closest to <paramref name="value"/>, ignoring case, if it is close enough to be a typo: within
    /// half its length (at least 2 edits), or one contains the other. Ties go to the first in ordinal order.
    /// </summary>
    /// <remarks>
    /// Why so loose: the known values are a short list (gap ids and aliases, statuses, kinds), where even a far
    /// guess is more help than none. Did-you-mean over the index's whole vocabulary needs a tighter rule.
    /// </remarks>
    public static string? NearestKnown(string value, IEnumerable<string> known)
    {
        var lower = value.ToLowerInvariant();
        var best = known
            .Select(k => (Known: k, Distance: Between(lower, k.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Known, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best.Known is null) return null;
        var contains = best.Known.Contains(value, StringComparison.OrdinalIgnoreCase) || value.Contains(best.Known, StringComparison.OrdinalIgnoreCase);
        return best.Distance <= Math.Max(2, value.Length / 2) || contains ? best.Known : null;
    }

    /// <summary>" Did you mean 'load-testing'?" to end an error message with, or "" when nothing known is near.</summary>
    public static string DidYouMean(string value, IEnumerable<string> known) =>
        NearestKnown(value, known) is { } nearest ? $" Did you mean '{nearest}'?" : "";
}
