using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Search;

/// <summary>
/// One query in two forms that match the same incidents: <see cref="Match"/> reads words without a field from the one
/// combined field (cheap, for finding and counting every match), <see cref="Rank"/> from the weighted fields (for
/// ranking the best of them). The same instance twice when the query has no such words.
/// </summary>
internal sealed record TwoFormQuery(Query Match, Query Rank)
{
    public bool Differ => !ReferenceEquals(Match, Rank);
}

/// <summary>
/// A query ready to run, or why not. <see cref="Searched"/> are the words each hit is checked for (which it has, and
/// where); for plain words (<see cref="Plain"/>), having fewer than most of them makes a hit a partial match, and
/// having more of them, and close together (<see cref="Proximity"/>), ranks it higher. Neither decides what matches.
/// </summary>
internal sealed record CompiledQuery(TwoFormQuery? Query, string? Message, IReadOnlyList<string>? Words = null, Query? Proximity = null)
{
    /// <summary>The words typed, without the syntax: what "did you mean" corrects.</summary>
    public IReadOnlyList<string> Words { get; } = Words ?? [];

    /// <summary>The words that say what the query is about, as the index has them.</summary>
    public IReadOnlyList<QueryWord> Searched { get; init; } = [];

    /// <summary>True for plain words (no operators, quotes or fields): more of them rank higher.</summary>
    public bool Plain { get; init; }

    /// <summary>
    /// Plain words, any one of them enough: where few incidents have most of the words (what <see cref="Query"/>
    /// matches), the best of these partial matches are ranked with them.
    /// </summary>
    public TwoFormQuery? AnyWord { get; init; }

    /// <summary>The ranking form with the proximity bonus added to its score.</summary>
    public Query Ranking(TwoFormQuery query) =>
        Proximity is null ? query.Rank : new BooleanQuery { { query.Rank, Occur.MUST }, { Proximity, Occur.SHOULD } };

    /// <summary>True when the ranking of the best matches differs from the order the matching form finds them in.</summary>
    public bool Reranks(TwoFormQuery query) => query.Differ || Proximity is not null || (Plain && Searched.Count > 1);
}

/// <summary>
/// Turns what a person typed into a Lucene query without ever throwing: limits checked before parsing (length,
/// words, nesting), parse problems turned into specific messages, and plain words (what most people type) ranked
/// with a bonus for appearing close together.
/// </summary>
internal sealed partial class QueryCompiler(Analyzer queryAnalyzer, GapTaxonomy? taxonomy)
{
    public const int MaxLength = 500;
    public const int MaxWords = 40;
    public const int MaxDepth = 8;

    /// <summary>How much two neighbouring words standing close together add, against the weighted fields' scores.</summary>
    private const float ProximityBoost = 1f;

    /// <summary>How far apart two neighbouring words may stand and still count as close.</summary>
    private const int ProximitySlop = 4;

    public CompiledQuery Compile(string? raw)
    {
        var text = QueryWords.WithoutQuestionMarks(ControlCharacters().Replace(raw ?? "", " ")).Trim();
        if (text.Length == 0) return new CompiledQuery(Same(new MatchAllDocsQuery()), null);

        if (text.Length > MaxLength)
            return new CompiledQuery(null, $"The query is {text.Length:N0} characters long; a search takes at most {MaxLength}. Keep the few words that matter most.");
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > MaxWords)
            return new CompiledQuery(null, $"The query has {words.Length} words; a search takes at most {MaxWords}. Keep the few words that matter most.");
        if (Depth(text) > MaxDepth)
            return new CompiledQuery(null, $"The query nests parentheses more than {MaxDepth} deep: remove some of them.");

        if (SyntaxProblem(text) is { } problem) return Fallback(problem, text);

        try
        {
            if (IsPlain(text)) return Plain(text);
            var query = Parse(text);
            if (query is null) return Fallback("The query has no words to search for", text);
            var typed = PlainWords(text, keepFieldValues: false);
            return new CompiledQuery(query, null, typed) { Searched = QueryWords.Analyzed(queryAnalyzer, QueryWords.AsTyped(typed)) };
        }
        catch (QueryProblemException e)
        {
            return e.WordsInstead ? Fallback(e.Message, text) : new CompiledQuery(null, e.Message);
        }
        catch (ParseException e)
        {
            return Fallback(Explain(e), text);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return new CompiledQuery(null, "The query has too many parts: keep the few words that matter most.");
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // The parser is third-party code: whatever else it throws is still a query that could not be read.
            return Fallback($"The query could not be read ({e.GetType().Name})", text);
        }
    }

    private static TwoFormQuery Same(Query query) => new(query, query);

    /// <summary>
    /// Both forms of a query, or null when it has nothing to search for. They line up clause for clause: the combined
    /// field is analysed like every weighted field, so a word yields a query in one form exactly when it does in the other.
    /// </summary>
    private TwoFormQuery? Parse(string text)
    {
        var rankParser = new IncidentQueryParser(queryAnalyzer, taxonomy);
        var rank = rankParser.Parse(text);
        if (rank is null or BooleanQuery { Clauses.Count: 0 }) return null;
        if (!rankParser.ReadAnyText) return Same(rank);
        return new TwoFormQuery(new IncidentQueryParser(queryAnalyzer, taxonomy, matchOnly: true).Parse(text), rank);
    }

    /// <summary>
    /// Plain words: any of them matches, each counted by where it is (the weighted fields) and how rare it is; having
    /// more of them, and having them close together, ranks an incident higher (worked out for the best matches only).
    /// The framing of a question or a chat message is left out.
    /// </summary>
    private CompiledQuery Plain(string text) =>
        Plain(text.Split(IncidentQueryParser.WhiteSpace, StringSplitOptions.RemoveEmptyEntries), PlainWords(text));

    /// <param name="terms">What the parser would take for the words of the query.</param>
    /// <param name="words">The words for "did you mean".</param>
    private CompiledQuery Plain(IReadOnlyList<string> terms, IReadOnlyList<string> words)
    {
        var phrases = QueryWords.Phrases(QueryWords.Content(terms));
        var content = phrases.Select(p => p.Searched).ToList();
        var rank = new IncidentQueryParser(queryAnalyzer, taxonomy).PlainWords(content);
        if (rank is null) return new CompiledQuery(null, "The query has only words too common to search for (such as 'the' or 'of'): add a word that says what the incident was about.");
        var matchParser = new IncidentQueryParser(queryAnalyzer, taxonomy, matchOnly: true);
        var anyWord = new TwoFormQuery(matchParser.PlainWords(content)!, rank);
        var searched = QueryWords.Analyzed(queryAnalyzer, phrases);
        var plain = new CompiledQuery(anyWord, null, words, Proximity(matchParser, searched)) { Searched = searched, Plain = true };
        if (anyWord.Rank is not BooleanQuery { Clauses.Count: > 1 } rankAny || anyWord.Match is not BooleanQuery matchAny) return plain;

        // Matching well: most of the words. Counting them (rather than weighing them) keeps this a plain Lucene query
        // that skips through the word lists instead of scoring every incident with any one of them.
        var most = QueryWords.Enough(rankAny.Clauses.Count);
        var rankMost = (BooleanQuery)rankAny.Clone();
        var matchMost = (BooleanQuery)matchAny.Clone();
        rankMost.MinimumNumberShouldMatch = most;
        matchMost.MinimumNumberShouldMatch = most;
        return plain with { Query = new TwoFormQuery(matchMost, rankMost), AnyWord = anyWord };
    }

    /// <summary>
    /// A bonus for each two neighbouring words of the query that stand close together in an incident, read from the
    /// combined field (one sloppy phrase per pair instead of one per weighted field; sections are as far apart there as
    /// in the fields, so a pair never joins the end of one section to the start of the next). Pairs rather than the
    /// whole query: in a sentence, all of its words are never close together, but "connection pool" may be.
    /// </summary>
    private static Query? Proximity(IncidentQueryParser matchParser, IReadOnlyList<QueryWord> searched)
    {
        if (searched.Count < 2) return null;
        var pairs = new BooleanQuery(disableCoord: true) { Boost = ProximityBoost };
        for (var i = 1; i < searched.Count; i++)
        {
            var words = string.Join(' ', searched[i - 1].Terms.Concat(searched[i].Terms));
            if (matchParser.Phrase(words, ProximitySlop) is { } pair) pairs.Add(pair, Occur.SHOULD);
        }
        return pairs.Clauses.Count > 0 ? pairs : null;
    }

    /// <summary>Runs the words alone when the syntax could not be read, saying so.</summary>
    private CompiledQuery Fallback(string problem, string text)
    {
        var words = PlainWords(text, keepFieldValues: true);
        if (words.Count == 0) return new CompiledQuery(null, problem.TrimEnd('.') + ".");
        var plain = Plain(words, words);
        var message = $"{problem.TrimEnd('.')}. Showing incidents for the words alone: {string.Join(' ', words)}";
        return plain with { Message = plain.Query is null ? problem : message };
    }

    /// <summary>
    /// The words of a query without its syntax: what the fallback searches (with the values typed after a field
    /// name) and what "did you mean" corrects (without them).
    /// </summary>
    public static IReadOnlyList<string> PlainWords(string text, bool keepFieldValues = true)
    {
        var withoutFields = (keepFieldValues ? FieldPrefix() : FieldAndValue()).Replace(text, " ");
        return Word().Matches(withoutFields).Select(m => m.Value)
            .Where(w => w is not ("AND" or "OR" or "NOT" or "TO"))
            .ToList();
    }

    private static bool IsPlain(string text) => !SyntaxCharacters().IsMatch(text) && !Operators().IsMatch(text);

    private static int Depth(string text)
    {
        int depth = 0, max = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '(') max = Math.Max(max, ++depth);
            else if (text[i] == ')') depth--;
        }
        return max;
    }

    /// <summary>The mistakes people make most, named before the parser gives its generic message.</summary>
    private static string? SyntaxProblem(string text)
    {
        int quotes = 0, depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') quotes++;
            else if (quotes % 2 == 0 && text[i] == '(') depth++;
            else if (quotes % 2 == 0 && text[i] == ')' && --depth < 0) return "A ')' has no '(' before it: remove it or add the '('";
        }
        if (quotes % 2 == 1) return "A quote is not closed: add the closing \" or remove the opening one";
        if (depth > 0) return "A '(' is not closed: add the ')' or remove the '('";
        if (EmptyField().Match(text) is { Success: true } empty)
            return $"'{empty.Groups[1].Value}:' needs a value right after the colon, for example gap:load-testing or service:checkout";
        if (DanglingOperator().Match(text) is { Success: true } dangling)
            return $"'{dangling.Groups["op"].Value}' needs a word on each side, for example 'dns AND ttl'";
        if (text.TrimEnd().EndsWith('\\')) return "The query ends with a '\\', which escapes nothing: remove it";
        return null;
    }

    private static string Explain(ParseException e)
    {
        var token = e.CurrentToken?.Next;
        var where = token is null ? "" : $" at column {token.BeginColumn}";
        var near = token?.Image is { Length: > 0 } image ? $" near '{image}'" : "";
        return $"The query could not be read{where}{near}: check the quotes, parentheses, brackets and operators";
    }

    [GeneratedRegex(@"[\p{Cc}\p{Cf}]")]
    private static partial Regex ControlCharacters();

    [GeneratedRegex(@"[""():\[\]{}*?~^\\/+]|(^|\s)-|&&|\|\||!")]
    private static partial Regex SyntaxCharacters();

    [GeneratedRegex(@"\b(AND|OR|NOT)\b")]
    private static partial Regex Operators();

    [GeneratedRegex(@"(?:^|\s)([\p{L}\p{N}_-]+):(?=\s|$)")]
    private static partial Regex EmptyField();

    [GeneratedRegex(@"(?:^\s*(?<op>AND|OR)\b)|(?:\b(?<op>AND|OR|NOT)\s*$)|(?:\b(?<op>AND|OR|NOT)\s+(?:AND|OR)\b)")]
    private static partial Regex DanglingOperator();

    [GeneratedRegex(@"[\p{L}\p{N}_.-]+:(?=\S)")]
    private static partial Regex FieldPrefix();

    [GeneratedRegex(@"[\p{L}\p{N}_.-]+:(?:""[^""]*""|\[[^\]]*\]|\{[^}]*\}|\([^)]*\)|\S+)")]
    private static partial Regex FieldAndValue();

    [GeneratedRegex(@"[\p{L}\p{N}](?:[\p{L}\p{N}_.'-]*[\p{L}\p{N}])?")]
    private static partial Regex Word();
}
