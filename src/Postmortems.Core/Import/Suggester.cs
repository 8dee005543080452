using System.Text.RegularExpressions;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Import;

/// <summary>
/// Suggests gaps and differences from the signal phrases kept in the taxonomy (a phrase counts once, however
/// often it occurs, so a long report that repeats one word does not outrank a short one that names several signals)
/// and, given the search index, from the gaps of the most similar incidents that already have gaps.
/// </summary>
public sealed partial class Suggester(GapTaxonomy taxonomy, IncidentIndex? index = null)
{
    private const int SimilarConsulted = 5;

    private const int MostPerKind = 3;
    private readonly List<(string Kind, string Id, string Text, string Words)> _signals =
        taxonomy.Gaps.SelectMany(g => g.Signals.Select(s => (SuggestionKind.Gap, g.Id, s, Normalize(s))))
            .Concat(taxonomy.Differences.SelectMany(d => d.Signals.Select(s => (SuggestionKind.Difference, d.Id, s, Normalize(s)))))
            .ToList();

    /// <summary>
    /// The phrases as word sequences, by first word: a text is read once, word by word, however many phrases
    /// there are ("load test" matches "load-test" and "Load  test").
    /// </summary>
    private Dictionary<string, List<string[]>>? _phrasesByFirstWord;

    private Dictionary<string, List<string[]>> PhrasesByFirstWord => _phrasesByFirstWord ??= _signals
        .Select(s => Words(s.Text))
        .Where(words => words.Length > 0)
        .DistinctBy(words => string.Join(' ', words))
        .GroupBy(words => words[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private static string[] Words(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();

    private static string Normalize(string phrase) => string.Join(' ', Words(phrase));

    /// <summary>The phrases found in the text, each as its words joined by one space.</summary>
    private HashSet<string> PhrasesIn(string text)
    {
        var words = Words(text);
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            if (!PhrasesByFirstWord.TryGetValue(words[i], out var candidates)) continue;
            foreach (var phrase in candidates)
            {
                if (i + phrase.Length > words.Length) continue;
                var matches = true;
                for (var j = 1; j < phrase.Length && matches; j++) matches = words[i + j] == phrase[j];
                if (matches) found.Add(string.Join(' ', phrase));
            }
        }
        return found;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    public IReadOnlyList<Suggestion> Suggest(string text, IReadOnlyCollection<string> knownGaps, IReadOnlyCollection<string> knownDifferences, string? id = null)
    {
        // An incident that names its gaps and differences has nothing left to suggest.
        if (knownGaps.Count > 0 && knownDifferences.Count > 0) return [];
        var found = PhrasesIn(text);
        var matches = _signals
            .Where(s => found.Contains(s.Words))
            .GroupBy(s => (s.Kind, s.Id))
            .Select(g => new Suggestion { Kind = g.Key.Kind, Id = g.Key.Id, Phrases = g.Select(s => s.Text).ToList(), Score = g.Count() })
            .ToList();
        if (knownGaps.Count == 0) AddGapsOfSimilarIncidents(text, id, matches);
        matches = matches.Where(s => !(s.Kind == SuggestionKind.Gap ? knownGaps : knownDifferences).Contains(s.Id)).ToList();
        return matches
            .GroupBy(s => s.Kind)
            .SelectMany(kind => kind.OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Take(MostPerKind))
            .ToList();
    }

    /// <summary>
    /// Each gap named by one of the most similar incidents earns a vote worth that incident's similarity relative to
    /// the closest one; two strong neighbours make a suggestion as strong as two signal phrases.
    /// </summary>
    private void AddGapsOfSimilarIncidents(string text, string? id, List<Suggestion> suggestions)
    {
        if (index is null) return;
        var similar = index.SimilarToText(text, SimilarConsulted * 2, id).Where(s => s.SharedGaps.Count > 0).Take(SimilarConsulted).ToList();
        if (similar.Count == 0) return;
        var best = similar[0].Score;
        foreach (var incident in similar)
        {
            foreach (var gap in incident.SharedGaps.Where(g => taxonomy.FindGap(g) is not null))
            {
                var suggestion = suggestions.FirstOrDefault(s => s.Kind == SuggestionKind.Gap && s.Id == gap);
                if (suggestion is null)
                {
                    suggestion = new Suggestion { Kind = SuggestionKind.Gap, Id = taxonomy.FindGap(gap)!.Id };
                    suggestions.Add(suggestion);
                }
                suggestion.SimilarIncidents.Add(incident.Id);
                suggestion.Score += 2 * incident.Score / best;
            }
        }
        suggestions.RemoveAll(s => s.Phrases.Count == 0 && s.Score < 1);
    }
}
