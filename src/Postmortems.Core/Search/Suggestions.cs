using System.Text.RegularExpressions;
using Lucene.Net.Index;

namespace Postmortems.Core.Search;

/// <summary>"Did you mean": the index's own words closest to a word it does not have.</summary>
internal static class Suggestions
{
    /// <summary>The closest word: at most 1 edit for words up to 5 letters, 2 beyond; ties go to the commoner word.</summary>
    public static string? Closest(Terms terms, string word)
    {
        if (word.Length < 3) return null;
        var maxEdits = word.Length <= 5 ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        var enumerator = terms.GetEnumerator();
        while (enumerator.MoveNext())
        {
            var candidate = enumerator.Term.Utf8ToString();
            if (Math.Abs(candidate.Length - word.Length) > maxEdits || candidate.Length < 3) continue;
            var distance = Distance(word, candidate, maxEdits);
            if (distance > maxEdits || distance == 0) continue;
            var frequency = enumerator.DocFreq;
            if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency))
            {
                best = candidate;
                bestDistance = distance;
                bestFrequency = frequency;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (a swap of two letters is one edit), giving up past <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        var rows = new int[3][];
        for (var r = 0; r < 3; r++) rows[r] = new int[b.Length + 1];
        var previous2 = rows[0];
        var previous = rows[1];
        var current = rows[2];
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

    /// <summary>Replaces a whole word of the query, keeping everything else as typed.</summary>
    public static string ReplaceWord(string query, string word, string replacement) =>
        Regex.Replace(query, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}])", replacement.Replace("$", "$$"), RegexOptions.CultureInvariant);
}
