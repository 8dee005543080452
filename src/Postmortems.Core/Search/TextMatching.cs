using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Postmortems.Core.Search;

/// <summary>A word that says what a text is about: rare in the index, and used in the text.</summary>
/// <param name="Term">The indexed (stemmed) form: "migrat".</param>
/// <param name="Word">The form the text uses most: "migration".</param>
/// <param name="Count">How often the text uses it.</param>
/// <param name="Weight">Its share of the query: 1 for the most salient term.</param>
public sealed record SalientTerm(string Term, string Word, int Count, double Weight);

/// <summary>An incident that matches a text, and why.</summary>
/// <param name="SharedWords">The text's salient words this incident also uses, most salient first.</param>
/// <param name="Section">Where <paramref name="Snippet"/> comes from: "Root cause", "Summary", ...</param>
/// <param name="Snippet">Plain text starting with the section name, as in search results.</param>
/// <param name="Gaps">The gaps the incident names (current ids).</param>
/// <param name="Differences">The differences the incident names.</param>
public sealed record TextMatch(
    string Id,
    string Title,
    string? Source,
    DateTimeOffset? Date,
    float Score,
    IReadOnlyList<string> SharedWords,
    string? Section,
    string Snippet,
    IReadOnlyList<Highlight> Highlights,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Differences);

/// <param name="Terms">What the text was read as: its salient terms, most salient first.</param>
/// <param name="Matches">The incidents most like it, best first.</param>
public sealed record TextMatches(IReadOnlyList<SalientTerm> Terms, IReadOnlyList<TextMatch> Matches)
{
    public static TextMatches None { get; } = new([], []);
}

/// <summary>
/// The incidents most like a long text that is not in the index, read for its salient words rather than by
/// MoreLikeThis, so that each match can say which of those words it shares.
/// </summary>
internal sealed partial class TextMatcher(SearcherManager searchers, Analyzer indexAnalyzer, Analyzer queryAnalyzer)
{
    /// <summary>How many of a text's words make its query: enough for a design's several concerns, few enough that
    /// a word it uses in passing does not count.</summary>
    public const int SalientTermCount = 30;

    /// <summary>A word in more than this share of the incidents says nothing about any of them ("production", "we").</summary>
    private const double CommonShare = 0.5;

    /// <summary>Below this many incidents, shares are too coarse to call a word common.</summary>
    private const int CommonShareMinimumDocs = 20;

    /// <summary>
    /// The incidents most like a long text that is not in the index (a design doc, a PR description): the text's
    /// salient terms (used often in it, rare in the index: tf·idf as MoreLikeThis weighs them, its title's words
    /// counting three times) are looked up in every weighted field. Each match says which of those words it shares
    /// and where it matched best.
    /// </summary>
    public TextMatches MatchText(string text, int limit = 5)
    {
        if (string.IsNullOrWhiteSpace(text)) return TextMatches.None;
        var searcher = searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            if (reader.NumDocs == 0) return TextMatches.None;
            var terms = SalientTerms(reader, SearchDocument.PlainText(text), Heading(text));
            if (terms.Count == 0) return new TextMatches(terms, []);

            var query = new BooleanQuery(disableCoord: true);
            foreach (var term in terms)
            {
                // BM25 weighs each word by its rarity again when it scores, so the square root keeps one rare word
                // from outweighing the several common ones the text is about. A word counts by the field where it
                // matters most, plus a little for the others, so an incident with more sections does not win by
                // repeating it in each.
                var anyField = new DisjunctionMaxQuery(FieldTieBreaker) { Boost = (float)Math.Sqrt(term.Weight) };
                foreach (var field in SearchFields.TextFields)
                    anyField.Add(new TermQuery(new Term(field, term.Term)) { Boost = SearchFields.Weights[field] });
                query.Add(anyField, Occur.SHOULD);
            }

            var hits = searcher.Search(query, Math.Clamp(limit, 1, SearchRequest.MaxLimit)).ScoreDocs;
            var shared = SharedTerms(reader, terms, hits.Select(h => h.Doc).ToList());
            var matches = hits.Select(hit =>
            {
                var document = searcher.Doc(hit.Doc);
                var snippet = Snippets.Best(document, query, indexAnalyzer, queryAnalyzer);
                var date = document.Get(SearchFields.DateText) is { } dateText
                    && DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : (DateTimeOffset?)null;
                return new TextMatch(
                    document.Get(SearchFields.Id),
                    document.Get(SearchFields.Title),
                    document.Get(SearchFields.Source),
                    date,
                    float.IsNaN(hit.Score) ? 0 : hit.Score,
                    shared[hit.Doc],
                    snippet.Section,
                    snippet.Text,
                    snippet.Highlights,
                    document.GetValues(SearchFields.Gap),
                    document.GetValues(SearchFields.Difference));
            }).ToList();
            return new TextMatches(terms, matches);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>The text's most salient terms, each with the word the text uses for it, most salient first.</summary>
    /// <param name="title">The text's title, if it has one: its words are what the author says the text is about.</param>
    private List<SalientTerm> SalientTerms(IndexReader reader, string text, string? title)
    {
        var counts = new Dictionary<string, WordCount>(StringComparer.Ordinal);
        CountWords(text, counts, weight: 1);
        if (title is not null) CountWords(title, counts, weight: TitleWeight - 1);

        var documents = reader.NumDocs;
        // One terms enumerator per field, reused for every word: a long text has a thousand distinct words.
        var fields = SearchFields.TextFields.Select(f => MultiFields.GetTerms(reader, f)?.GetEnumerator()).OfType<TermsEnum>().ToList();
        var scored = new List<(string Term, string Word, int Count, double Score)>();
        foreach (var (term, (count, weighted, words)) in counts)
        {
            var bytes = new BytesRef(term);
            var docFreq = fields.Max(terms => terms.SeekExact(bytes) ? terms.DocFreq : 0);
            if (docFreq == 0) continue;
            if (documents >= CommonShareMinimumDocs && docFreq > documents * CommonShare) continue;
            var idf = Math.Log(1 + (documents - docFreq + 0.5) / (docFreq + 0.5));
            // Not damped: in a 20-page doc a word used once is in passing, and the words it keeps coming back to are
            // what it is about.
            var word = words.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).First().Key;
            scored.Add((term, word, count, weighted * idf));
        }
        var top = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Term, StringComparer.Ordinal).Take(SalientTermCount).ToList();
        if (top.Count == 0) return [];
        var best = top[0].Score;
        return top.Select(s => new SalientTerm(s.Term, s.Word, s.Count, s.Score / best)).ToList();
    }

    /// <summary>
    /// Adds the text's words to <paramref name="counts"/>, each use worth <paramref name="weight"/>. The query analyzer:
    /// the index already holds the synonyms, so "k8s" in the text finds "Kubernetes" in an incident without counting
    /// the one word three times here.
    /// </summary>
    private void CountWords(string text, Dictionary<string, WordCount> counts, int weight)
    {
        using var stream = queryAnalyzer.GetTokenStream(SearchFields.Body, text);
        var termAttribute = stream.AddAttribute<ICharTermAttribute>();
        var offsets = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var term = termAttribute.ToString();
            var word = text[offsets.StartOffset..offsets.EndOffset].ToLowerInvariant();
            if (term.Length < 2 || term.All(char.IsDigit) || !IsTopical(word)) continue;
            if (!counts.TryGetValue(term, out var count)) counts[term] = count = new WordCount();
            if (weight == 1) count.Count++;
            count.Weighted += weight;
            count.Words[word] = count.Words.GetValueOrDefault(word) + 1;
        }
        stream.End();
    }

    private sealed class WordCount
    {
        public int Count { get; set; }
        public int Weighted { get; set; }
        public Dictionary<string, int> Words { get; } = new(StringComparer.Ordinal);

        public void Deconstruct(out int count, out int weighted, out Dictionary<string, int> words) => (count, weighted, words) = (Count, Weighted, Words);
    }

    /// <summary>A word of the title counts as this many uses.</summary>
    private const int TitleWeight = 3;

    /// <summary>The first Markdown heading (a design doc's or RFC's title, a PR description's first heading), if any.</summary>
    private static string? Heading(string markdown) => FirstHeading().Match(markdown) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^[ ]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", RegexOptions.Multiline)]
    private static partial Regex FirstHeading();

    private const float FieldTieBreaker = 0.3f;

    /// <summary>
    /// A word of the text that could say what it is about. Contractions and the small words of English prose are not,
    /// however rare they are in postmortems: design docs are full of "we'll", "please" and "should", postmortems
    /// rarely use them, and that rarity would otherwise read as salience.
    /// </summary>
    private static bool IsTopical(string word) => word.IndexOfAny(['\'', '\u2019']) < 0 && !ProseWords.Contains(word);

    private static readonly HashSet<string> ProseWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her", "its", "them",
        "what", "which", "who", "whom", "whose", "why", "how", "when", "where", "here", "whether", "while", "because",
        "am", "been", "being", "were", "has", "have", "had", "having", "do", "does", "did", "doing", "done",
        "can", "could", "should", "would", "may", "might", "must", "shall", "need", "needs", "want", "wants", "let", "lets",
        "also", "just", "only", "very", "really", "quite", "rather", "about", "above", "below", "after", "before",
        "again", "all", "any", "both", "each", "every", "few", "more", "most", "other", "others", "same", "some", "than",
        "too", "so", "own", "over", "under", "up", "down", "out", "off", "from", "through", "during", "until", "within",
        "without", "between", "against", "once", "now", "today", "yet", "still", "already", "else", "etc", "e.g", "i.e",
        "please", "thanks", "yes", "ok", "okay", "maybe", "perhaps", "instead", "though", "although", "however", "therefore",
        "get", "gets", "got", "make", "makes", "made", "take", "takes", "go", "goes", "going", "see", "think", "like",
        "thing", "things", "way", "ways", "lot", "lots", "much", "many", "well", "even", "ever", "never", "always",
        "keep", "keeps", "kept", "put", "puts", "usual", "usually", "front", "via", "per", "currently", "able", "sure",
    };

    /// <summary>For each hit, the salient words it uses in any text field, most salient first: read from the postings,
    /// not by analyzing the incidents again.</summary>
    private static Dictionary<int, IReadOnlyList<string>> SharedTerms(IndexReader reader, IReadOnlyList<SalientTerm> terms, IReadOnlyList<int> docs)
    {
        var found = docs.ToDictionary(d => d, _ => new HashSet<string>(StringComparer.Ordinal));
        var ordered = docs.Order().ToList();
        var liveDocs = MultiFields.GetLiveDocs(reader);
        foreach (var term in terms)
        {
            var bytes = new BytesRef(term.Term);
            foreach (var field in SearchFields.TextFields)
            {
                var postings = MultiFields.GetTermDocsEnum(reader, liveDocs, field, bytes);
                if (postings is null) continue;
                foreach (var doc in ordered)
                {
                    if (postings.DocID > doc) continue;
                    var at = postings.DocID == doc ? doc : postings.Advance(doc);
                    if (at == DocIdSetIterator.NO_MORE_DOCS) break;
                    if (at == doc) found[doc].Add(term.Term);
                }
            }
        }
        return docs.ToDictionary(
            d => d,
            IReadOnlyList<string> (d) => terms.Where(t => found[d].Contains(t.Term)).Select(t => t.Word).ToList());
    }
}
