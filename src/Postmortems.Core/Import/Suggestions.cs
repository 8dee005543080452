using System.Text.RegularExpressions;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Import;

public static class SuggestionKind
{
    public const string Gap = "gap";
    public const string Difference = "difference";
}

/// <summary>A gap or difference the text suggests, with the phrases that suggested it; a person confirms it or not.</summary>
public sealed class Suggestion
{
    public string Kind { get; set; } = "";
    public string Id { get; set; } = "";
    public List<string> Phrases { get; set; } = [];
    public double Score { get; set; }
}

/// <summary>
/// Suggests gaps and differences from the signal phrases kept in the taxonomy: a phrase counts once, however
/// often it occurs, so a long report that repeats one word does not outrank a short one that names several signals.
/// </summary>
public sealed class Suggester(GapTaxonomy taxonomy)
{
    private const int MostPerKind = 3;
    private readonly List<(string Kind, string Id, Regex Phrase, string Text)> _signals =
        taxonomy.Gaps.SelectMany(g => g.Signals.Select(s => (SuggestionKind.Gap, g.Id, Compile(s), s)))
            .Concat(taxonomy.Differences.SelectMany(d => d.Signals.Select(s => (SuggestionKind.Difference, d.Id, Compile(s), s))))
            .ToList();

    public IReadOnlyList<Suggestion> Suggest(string text, IReadOnlyCollection<string> knownGaps, IReadOnlyCollection<string> knownDifferences)
    {
        var matches = _signals
            .Where(s => s.Phrase.IsMatch(text))
            .GroupBy(s => (s.Kind, s.Id))
            .Select(g => new Suggestion { Kind = g.Key.Kind, Id = g.Key.Id, Phrases = g.Select(s => s.Text).ToList(), Score = g.Count() })
            .Where(s => !(s.Kind == SuggestionKind.Gap ? knownGaps : knownDifferences).Contains(s.Id))
            .ToList();
        return matches
            .GroupBy(s => s.Kind)
            .SelectMany(kind => kind.OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Take(MostPerKind))
            .ToList();
    }

    private static Regex Compile(string phrase) =>
        new(@"(?<![\p{L}\p{N}])" + Regex.Escape(phrase).Replace(@"\ ", @"[\s-]+") + @"(?![\p{L}\p{N}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
