using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Postmortems.Core.Search;

internal sealed record Snippet(string? Section, string Text, IReadOnlyList<Highlight> Highlights);

/// <summary>
/// The best fragment of an incident for a query, from the section where the query matched best (the query's field
/// weights count), named after its section: "Root cause: ...". With no matching text (a query on exact fields only),
/// the start of the summary.
/// </summary>
internal static partial class Snippets
{
    public const int FragmentSize = 180;

    /// <summary>How many sections are highlighted, at most, to find the best fragment of one incident.</summary>
    private const int MaxHighlighted = 2;
    private const char Open = '\u0002';
    private const char Close = '\u0003';

    /// <param name="withSynonyms">The chain the text was indexed with: a query for "timeout" highlights "timed out".</param>
    /// <param name="withoutSynonyms">The same chain without synonyms, for a field none of whose query terms a synonym can add.</param>
    public static Snippet Best(Document document, Query query, Analyzer withSynonyms, Analyzer withoutSynonyms)
    {
        var analyzers = (withSynonyms, withoutSynonyms);
        var prepared = Prepared.For(query);
        var candidates = new List<(string Field, string Section, string Text)>();
        foreach (var field in new[] { SearchFields.Cause, SearchFields.Through, SearchFields.Summary })
        {
            if (document.Get(field) is { Length: > 0 } text) candidates.Add((field, SearchFields.SectionNames[field], text));
        }
        var bodies = document.GetValues(SearchFields.Body);
        var sections = document.GetValues(SearchFields.BodySection);
        for (var i = 0; i < bodies.Length; i++) candidates.Add((SearchFields.Body, i < sections.Length ? sections[i] : "Text", bodies[i]));

        // Highlighting analyses the text again, which is most of a search's time: only the sections whose text shows
        // the most query words (found by a plain look for the words' stems) are highlighted; when none shows any (a
        // synonym matched), the others are.
        var searched = candidates
            .Where(c => prepared.HasTerms(c.Field))
            .Select((c, order) => (Candidate: c, Order: order, Estimate: prepared.Estimate(c.Field, c.Text)))
            .ToList();
        var promising = searched
            .Where(c => c.Estimate > 0)
            .OrderByDescending(c => c.Estimate).ThenByDescending(c => SearchFields.Weights[c.Candidate.Field]).ThenBy(c => c.Order)
            .Take(MaxHighlighted)
            .Select(c => c.Candidate);
        var best = BestOf(promising, prepared, analyzers)
                   ?? BestOf(searched.Where(c => c.Estimate == 0).Select(c => c.Candidate), prepared, analyzers);
        if (best is { } chosen) return Format(chosen.Section, chosen.Fragment);

        var fallback = candidates.FirstOrDefault(c => c.Field == SearchFields.Summary);
        if (fallback.Text is null) fallback = candidates.FirstOrDefault();
        if (fallback.Text is null) return new Snippet(null, "", []);
        var start = Clean(fallback.Text);
        if (start.Length > FragmentSize) start = start[..FragmentSize].TrimEnd() + "…";
        return new Snippet(fallback.Section, $"{fallback.Section}: {start}", []);
    }

    /// <summary>
    /// The best fragment, trying the most heavily weighted fields first and stopping at a fragment that has every
    /// query word of its field: no later candidate, in a field weighted the same or less, can score higher.
    /// </summary>
    private static (string Section, string Fragment, float Score)? BestOf(IEnumerable<(string Field, string Section, string Text)> candidates, Prepared prepared, (Analyzer With, Analyzer Without) analyzers)
    {
        (string Section, string Fragment, float Score)? best = null;
        foreach (var (field, section, text) in candidates.OrderByDescending(c => SearchFields.Weights[c.Field]))
        {
            var fragment = BestFragment(prepared, prepared.NeedsSynonyms(field) ? analyzers.With : analyzers.Without, field, text);
            if (fragment is not { } found || (best is not null && found.Score <= best.Value.Score)) continue;
            best = (section, found.Text, found.Score);
            if (found.Score >= prepared.MaxScore(field) * 0.999f) break;
        }
        return best;
    }

    private static (string Text, float Score)? BestFragment(Prepared prepared, Analyzer analyzer, string field, string text)
    {
        if (!prepared.HasTerms(field)) return null;
        try
        {
            var highlighter = new Highlighter(new MarkFormatter(), new QueryTermScorer(prepared.Terms(field)))
            {
                TextFragmenter = new SimpleFragmenter(FragmentSize),
            };
            var focus = prepared.Focus(field, text);
            using var tokens = analyzer.GetTokenStream(field, focus);
            var fragments = highlighter.GetBestTextFragments(tokens, focus, false, 1);
            var fragment = fragments.FirstOrDefault(f => f is not null && f.Score > 0);
            if (fragment is null) return null;
            var value = fragment.ToString();
            if (value.IndexOf(Open) < 0) return null;
            var plain = value.Replace(Open.ToString(), "").Replace(Close.ToString(), "");
            var prefix = text.StartsWith(plain.TrimStart(), StringComparison.Ordinal) ? "" : "…";
            var suffix = text.TrimEnd().EndsWith(plain.TrimEnd(), StringComparison.Ordinal) ? "" : "…";
            return (prefix + value.Trim() + suffix, fragment.Score);
        }
        catch (InvalidTokenOffsetsException)
        {
            return null;
        }
    }

    /// <summary>
    /// A query's weighted terms per field, worked out once per query rather than once per hit and section.
    /// Term-based scoring (no span analysis of each text) keeps a page of snippets cheap.
    /// </summary>
    private sealed class Prepared
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Query, Prepared> Cache = new();
        private readonly Dictionary<string, WeightedTerm[]> _terms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> _stems = new(StringComparer.Ordinal);
        private readonly Query _query;

        private Prepared(Query query) => _query = query;

        public static Prepared For(Query query) => Cache.GetValue(query, q => new Prepared(q));

        public WeightedTerm[] Terms(string field)
        {
            lock (_terms)
            {
                if (!_terms.TryGetValue(field, out var terms))
                {
                    terms = QueryTermExtractor.GetTerms(_query, false, field);
                    _terms[field] = terms;
                    // A stem without its last letter is found in the words it came from ("queri" from "query").
                    _stems[field] = terms.Select(t => t.Term.Length > 3 ? t.Term[..^1] : t.Term).Distinct(StringComparer.Ordinal).ToArray();
                }
                return terms;
            }
        }

        public bool HasTerms(string field) => Terms(field).Length > 0;

        public bool NeedsSynonyms(string field) => Terms(field).Any(t => IncidentAnalyzers.SynonymTerms.Contains(t.Term));

        /// <summary>The score of a fragment that has every query word of the field.</summary>
        public float MaxScore(string field) => Terms(field).GroupBy(t => t.Term).Sum(g => g.Max(t => t.Weight));

        /// <summary>
        /// The part of a long text worth highlighting: around the fragment-wide stretch where the most different query
        /// words show. Analysing a whole section of several kilobytes for every hit would be most of a search's time.
        /// The whole text when it is short or shows no query word (a synonym matched).
        /// </summary>
        public string Focus(string field, string text)
        {
            if (text.Length <= 3 * FragmentSize) return text;
            var (best, count) = Densest(field, text);
            if (count == 0) return text;
            var start = Math.Max(0, best - FragmentSize / 3);
            while (start > 0 && !char.IsWhiteSpace(text[start - 1])) start--;
            var end = Math.Min(text.Length, start + 2 * FragmentSize);
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            return text[start..end];
        }

        /// <summary>
        /// What highlighting a section would score, roughly and without analysing it: how many different query words
        /// show in its densest fragment-wide stretch, by the field's weight.
        /// </summary>
        public float Estimate(string field, string text) => Densest(field, text).Count * SearchFields.Weights[field];

        /// <summary>Where the fragment-wide stretch with the most different query words starts, and how many it has.</summary>
        private (int Start, int Count) Densest(string field, string text)
        {
            string[] stems;
            lock (_terms) stems = _stems[field];
            var found = new List<(int At, int Stem)>();
            for (var stem = 0; stem < stems.Length; stem++)
            {
                for (int at = 0, seen = 0; seen < MaxOccurrences && (at = text.IndexOf(stems[stem], at, StringComparison.OrdinalIgnoreCase)) >= 0; at += stems[stem].Length, seen++)
                    found.Add((at, stem));
            }
            if (found.Count == 0) return (0, 0);
            found.Sort((a, b) => a.At.CompareTo(b.At));

            int best = found[0].At, bestCount = 0;
            var inSpan = new HashSet<int>();
            for (var first = 0; first < found.Count; first++)
            {
                inSpan.Clear();
                for (var next = first; next < found.Count && found[next].At < found[first].At + FragmentSize; next++) inSpan.Add(found[next].Stem);
                if (inSpan.Count > bestCount) (best, bestCount) = (found[first].At, inSpan.Count);
            }
            return (best, bestCount);
        }

        private const int MaxOccurrences = 32;
    }

    /// <summary>Plain text on one line, and where the marked words are in it.</summary>
    private static Snippet Format(string section, string marked)
    {
        var text = new StringBuilder(section).Append(": ");
        var highlights = new List<Highlight>();
        var start = -1;
        foreach (var c in Clean(marked))
        {
            if (c == Open) start = text.Length;
            else if (c == Close && start >= 0)
            {
                if (text.Length > start) highlights.Add(new Highlight(start, text.Length - start));
                start = -1;
            }
            else text.Append(c);
        }
        return new Snippet(section, text.ToString(), highlights);
    }

    private static string Clean(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class MarkFormatter : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup) =>
            tokenGroup.TotalScore > 0 ? $"{Open}{originalText}{Close}" : originalText;
    }
}
