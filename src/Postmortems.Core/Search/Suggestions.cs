using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Postmortems.Core.Format;

namespace Postmortems.Core.Search;

/// <summary>"Did you mean": the index's own words closest to a word it does not have.</summary>
internal static class Suggestions
{
    /// <summary>The closest word: at most 1 edit for words up to 5 letters, 2 beyond; ties go to the commoner word.</summary>
    public static string? Closest(Terms terms, string word)
    {
        if (word.Length < 3) return null;
        // Why tighter than EditDistance.NearestKnown: the candidates are every word in the index, so a looser
        // rule would find some unrelated word for almost anything, and a correction must also find incidents.
        var maxEdits = word.Length <= 5 ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        var enumerator = terms.GetEnumerator();
        while (enumerator.MoveNext())
        {
            var candidate = enumerator.Term.Utf8ToString();
            if (Math.Abs(candidate.Length - word.Length) > maxEdits || candidate.Length < 3) continue;
            var distance = EditDistance.Between(word, candidate, maxEdits);
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

    /// <summary>Replaces a whole word of the query, keeping everything else as typed.</summary>
    public static string ReplaceWord(string query, string word, string replacement) =>
        Regex.Replace(query, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}])", replacement.Replace("$", "$$"), RegexOptions.CultureInvariant);
}
