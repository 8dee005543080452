using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;

namespace Postmortems.Core.Search;

/// <summary>A word of the query and the terms it is indexed as (none for a stop word; several for "us-east-1").</summary>
internal sealed record QueryWord(string Word, IReadOnlyList<string> Terms);

/// <summary>
/// The words of a plain query that say what it is about. People paste sentences and questions ("why did all our
/// services start returning 503 after we upgraded?"): the words that frame the question say nothing about any
/// incident, yet counted as much as the others in deciding which incidents have "most of the words".
/// </summary>
internal static partial class QueryWords
{
    /// <summary>
    /// The words worth searching for: without the framing of a question or a chat message, unless nothing else is
    /// left (a query of framing words alone still searches for them). English stop words go later, in analysis.
    /// </summary>
    public static IReadOnlyList<string> Content(IReadOnlyList<string> words)
    {
        var content = words.Where(w => !Filler.Contains(Bare(w))).ToList();
        return content.Count > 0 ? content : words;
    }

    /// <summary>
    /// The words as the index knows them: where neighbouring words are a phrase the synonyms stand a single word for
    /// ("timed out" for timeout, "out of memory" for OOM), that word instead. Every incident with the phrase is indexed
    /// with the word too, and the phrase's words alone ("out", "time") say little.
    /// </summary>
    /// <returns>Each word or phrase as typed, and what to search for it.</returns>
    public static IReadOnlyList<(string Typed, string Searched)> Phrases(IReadOnlyList<string> words)
    {
        var starts = new List<int>();
        var length = 0;
        foreach (var word in words)
        {
            starts.Add(length);
            length += word.Length + 1;
        }
        int WordAt(int offset) => starts.FindLastIndex(start => start <= offset);

        var single = new Dictionary<int, (int To, string Term)>();
        using (var stream = IndexAnalyzer.GetTokenStream(SearchFields.All, string.Join(' ', words)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offsets = stream.AddAttribute<IOffsetAttribute>();
            var type = stream.AddAttribute<ITypeAttribute>();
            stream.Reset();
            var taken = -1;
            while (stream.IncrementToken())
            {
                if (type.Type != SynonymFilter.TYPE_SYNONYM) continue;
                int from = WordAt(offsets.StartOffset), to = WordAt(offsets.EndOffset - 1);
                if (to > from && from > taken && !single.ContainsKey(from))
                {
                    single[from] = (to, term.ToString());
                    taken = to;
                }
            }
            stream.End();
        }

        var phrases = new List<(string Typed, string Searched)>();
        for (var i = 0; i < words.Count; i++)
        {
            if (single.TryGetValue(i, out var phrase))
            {
                phrases.Add((string.Join(' ', words.Skip(i).Take(phrase.To - i + 1).Select(Bare)), phrase.Term));
                i = phrase.To;
            }
            else phrases.Add((Bare(words[i]), words[i]));
        }
        return phrases;
    }

    private static readonly Analyzer IndexAnalyzer = IncidentAnalyzers.CreateIndexAnalyzer();

    /// <summary>Each word with the terms the query analyzer makes of it, words without any left out, each once.</summary>
    public static IReadOnlyList<QueryWord> Analyzed(Analyzer analyzer, IEnumerable<(string Typed, string Searched)> words) =>
        words.Where(w => w.Typed.Length > 0)
            .Select(w => new QueryWord(w.Typed, IncidentAnalyzers.Terms(analyzer, SearchFields.All, w.Searched)))
            .Where(w => w.Terms.Count > 0)
            .GroupBy(w => string.Join(' ', w.Terms), StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();

    /// <summary>Each word as typed (without the punctuation around it) and searched as itself.</summary>
    public static IEnumerable<(string Typed, string Searched)> AsTyped(IEnumerable<string> words) => words.Select(w => (Bare(w), w));

    /// <summary>
    /// How many of <paramref name="count"/> words an incident must have to match well: all of two, two of three, three
    /// of four, then three quarters. Fewer makes it a partial match.
    /// </summary>
    public static int Enough(int count) => count switch { <= 2 => count, 3 => 2, _ => (int)Math.Ceiling(count * 0.75) };

    /// <summary>
    /// A question mark at the end of a word ends a question; it is not the one-letter wildcard ("what broke the
    /// cluster?" is not a search for "cluster" plus one letter).
    /// </summary>
    public static string WithoutQuestionMarks(string text) => QuestionMark().Replace(text, "");

    private static string Bare(string word) => Edges().Replace(word.ToLowerInvariant(), "");

    /// <summary>
    /// The framing of questions and chat messages: question words, pronouns, auxiliaries, and the words around a
    /// question ("has anyone ever seen", "what happened before"). Not the words that can carry meaning in a postmortem
    /// ("wrong", "out", "down", "failed").
    /// </summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "why", "what", "how", "when", "where", "which", "who", "whom", "whose", "whether",
        "i", "me", "my", "we", "us", "our", "ours", "you", "your", "yours", "they", "them", "their", "he", "she", "his", "her", "its",
        "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "others", "people", "folks", "team", "teams",
        "do", "does", "did", "done", "doing", "has", "have", "had", "having", "am", "been", "being", "were", "was", "is", "are", "be",
        "can", "could", "should", "would", "may", "might", "must", "shall", "will", "ever", "never",
        "happen", "happens", "happened", "happening", "saw", "see", "seen", "seeing", "noticed", "notice", "got", "get", "gets",
        "before", "after", "again", "also", "just", "really", "very", "so", "then", "there", "here", "now", "today", "yesterday",
        "about", "like", "any", "some", "this", "that", "these", "those", "it", "a", "an", "the", "of", "to", "in", "on", "at",
        "for", "with", "from", "by", "and", "or", "but", "if", "as", "into", "than", "too", "all", "each", "every",
        "please", "thanks", "hi", "hey", "ok", "okay", "yes", "no", "maybe", "perhaps", "anything", "something", "thing", "things",
        "incident", "incidents", "postmortem", "postmortems", "issue", "issues", "problem", "problems", "similar",
        "want", "wants", "need", "needs", "plan", "plans", "think", "know", "tell", "show", "find", "look", "looking",
        "suddenly", "turned", "right", "went", "instead", "still", "same", "only", "even", "yet", "already", "anyway",
        "actually", "basically", "seems", "seemed", "apparently", "probably", "guess", "wonder", "wondering", "curious",
    };

    [GeneratedRegex(@"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")]
    private static partial Regex Edges();

    [GeneratedRegex(@"(?<=[\p{L}\p{N})""])\?+(?=[\s,.;!]|$)")]
    private static partial Regex QuestionMark();
}
