using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
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

    /// <summary>
    /// The best fragment of a text as Lucene's highlighter with a term scorer and a simple fragmenter chooses it,
    /// without its cost (a token object and strings for every word read): the text, analysed as indexed, is cut into
    /// fragments of about <see cref="FragmentSize"/> characters after a word; a fragment scores the weights of the
    /// different query terms it has, and the first of the best wins. Words that overlap (a synonym spans the words it
    /// stands for: "timed out" for timeout) are marked together.
    /// </summary>
    private static (string Text, float Score)? BestFragment(Prepared prepared, Analyzer analyzer, string field, string text)
    {
        if (!prepared.HasTerms(field)) return null;
        var weights = prepared.Weights(field);
        var focus = prepared.Focus(field, text);

        // Groups of overlapping words, each with whether a query term is among them and where those terms are.
        var groups = new List<(int Start, int End, int MarkStart, int MarkEnd, int Fragment)>();
        var fragmentScores = new List<float>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (var tokens = analyzer.GetTokenStream(field, focus))
        {
            var term = tokens.AddAttribute<ICharTermAttribute>();
            var offset = tokens.AddAttribute<IOffsetAttribute>();
            tokens.Reset();
            int groupStart = -1, groupEnd = -1, markStart = -1, markEnd = -1, fragment = 0;
            fragmentScores.Add(0);
            while (tokens.IncrementToken())
            {
                int start = offset.StartOffset, end = offset.EndOffset;
                if (end > focus.Length || start > end) return null;
                if (groupStart >= 0 && start >= groupEnd)
                {
                    groups.Add((groupStart, groupEnd, markStart, markEnd, fragment));
                    // A new fragment starts with the first word that ends past the current one's share of the text.
                    if (end >= FragmentSize * (fragment + 1))
                    {
                        fragment++;
                        fragmentScores.Add(0);
                        seen.Clear();
                    }
                    groupStart = -1;
                }
                if (groupStart < 0) (groupStart, groupEnd, markStart, markEnd) = (start, end, -1, -1);
                else groupEnd = Math.Max(groupEnd, end);
                if (weights.TryGetValue(term.Buffer.AsSpan(0, term.Length), out var weight))
                {
                    if (markStart < 0) (markStart, markEnd) = (start, end);
                    else (markStart, markEnd) = (Math.Min(markStart, start), Math.Max(markEnd, end));
                    var word = new string(term.Buffer, 0, term.Length);
                    if (seen.Add(word)) fragmentScores[fragment] += weight;
                }
            }
            tokens.End();
            if (groupStart >= 0) groups.Add((groupStart, groupEnd, markStart, markEnd, fragment));
        }

        var best = 0;
        for (var i = 1; i < fragmentScores.Count; i++) if (fragmentScores[i] > fragmentScores[best]) best = i;
        if (fragmentScores[best] <= 0) return null;

        // A fragment runs from the end of the previous one's last word (the start of the text for the first) to the end
        // of its own last word (the end of the text for the last).
        var from = best == 0 ? 0 : groups.Last(g => g.Fragment == best - 1).End;
        var to = best == fragmentScores.Count - 1 ? focus.Length : groups.Last(g => g.Fragment == best).End;
        var marked = new StringBuilder(to - from + 16);
        var at = from;
        foreach (var group in groups.Where(g => g.Fragment == best && g.MarkStart >= 0))
        {
            marked.Append(focus, at, group.MarkStart - at).Append(Open).Append(focus, group.MarkStart, group.MarkEnd - group.MarkStart).Append(Close);
            at = group.MarkEnd;
        }
        marked.Append(focus, at, to - at);

        var value = marked.ToString();
        var plain = focus[from..to];
        var prefix = text.StartsWith(plain.TrimStart(), StringComparison.Ordinal) ? "" : "…";
        var suffix = text.TrimEnd().EndsWith(plain.TrimEnd(), StringComparison.Ordinal) ? "" : "…";
        return (prefix + value.Trim() + suffix, fragmentScores[best]);
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
        private readonly Dictionary<string, Dictionary<string, float>> _weights = new(StringComparer.Ordinal);
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

        /// <summary>Each query term of the field with its highest weight, looked up by the characters of a token.</summary>
        public Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> Weights(string field) =>
            WeightByTerm(field).GetAlternateLookup<ReadOnlySpan<char>>();

        private Dictionary<string, float> WeightByTerm(string field)
        {
            lock (_terms)
            {
                if (!_weights.TryGetValue(field, out var weights))
                {
                    weights = Terms(field).GroupBy(t => t.Term).ToDictionary(g => g.Key, g => g.Max(t => t.Weight), StringComparer.Ordinal);
                    _weights[field] = weights;
                }
                return weights;
            }
        }

        public bool NeedsSynonyms(string field) => Terms(field).Any(t => IncidentAnalyzers.SynonymTerms.Contains(t.Term));

        /// <summary>The score of a fragment that has every query word of the field.</summary>
        public float MaxScore(string field) => WeightByTerm(field).Values.Sum();

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

}
