using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Search;

/// <summary>A query that cannot be run as typed, with what to do about it.</summary>
/// <param name="WordsInstead">True when searching the query's plain words is still a fair answer.</param>
public sealed class QueryProblemException(string message, bool wordsInstead = false) : Exception(message)
{
    public bool WordsInstead { get; } = wordsInstead;
}

/// <summary>
/// The classic Lucene syntax (words, quotes, AND/OR/NOT, +/-, parentheses, field:value, ranges, word*, word~) with
/// the field names people use, words searched across the weighted text fields, exact values for the exact fields,
/// dates for date: and year:, and a friendly <see cref="QueryProblemException"/> for what it does not allow.
/// One instance per query: the classic parser is not thread-safe.
/// </summary>
internal sealed class IncidentQueryParser : QueryParser
{
    /// <summary>The default field: a word without a field is looked for in every text field.</summary>
    public const string AnyText = "_text";

    public const int MaxMultiTermQueries = 10;
    public const int MaxWildcardsPerWord = 4;
    public const int MaxClauses = 200;
    public const int MaxFuzzyLength = 30;

    /// <summary>
    /// A word without a field counts by the field where it weighs most, plus this share of what it scores in the others:
    /// an incident that repeats one word in its title, summary, tags and text does not outrank one that has every word
    /// of the query once.
    /// </summary>
    private const float FieldTieBreaker = 0.3f;

    private readonly GapTaxonomy? _taxonomy;
    private readonly bool _matchOnly;
    private readonly HashSet<Query> _filters = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<BooleanClause> _narrowing = new(ReferenceEqualityComparer.Instance);
    private int _multiTermQueries;
    private int _clauses;

    /// <param name="matchOnly">
    /// Look for words without a field in <see cref="SearchFields.All"/> alone: the same incidents match as across the
    /// weighted fields, at a fraction of the cost, but the scores do not weigh where the words are.
    /// </param>
    public IncidentQueryParser(Analyzer queryAnalyzer, GapTaxonomy? taxonomy, bool matchOnly = false)
        : base(IncidentAnalyzers.Version, AnyText, queryAnalyzer)
    {
        _taxonomy = taxonomy;
        _matchOnly = matchOnly;
        DefaultOperator = OR_OPERATOR;
        AutoGeneratePhraseQueries = true;
        AllowLeadingWildcard = false;
        FuzzyPrefixLength = 1;
        LowercaseExpandedTerms = true;
    }

    /// <summary>
    /// Plain words (no syntax) read as <see cref="QueryParserBase.Parse"/> reads them, without running the parser (whose
    /// look-ahead throws and catches an exception per word): each word across the text fields, any of them; one word
    /// alone as itself; null when no word has anything to search for.
    /// </summary>
    public Query? PlainWords(IEnumerable<string> words)
    {
        var clauses = words.Select(word => GetFieldQuery(AnyText, word, quoted: false)).OfType<Query>().ToList();
        if (clauses.Count <= 1) return clauses.FirstOrDefault();
        var any = new BooleanQuery();
        foreach (var clause in clauses) any.Add(clause, Occur.SHOULD);
        return any;
    }

    /// <summary>The words as a phrase across the text fields, as <c>"words"~slop</c> would be read.</summary>
    public Query? Phrase(string words, int slop) => GetFieldQuery(AnyText, words, slop);

    /// <summary>What the parser takes for white space between words.</summary>
    public static readonly char[] WhiteSpace = [' ', '\t', '\n', '\r', '\u3000'];

    /// <summary>The field a name stands for, or a problem naming the fields there are.</summary>
    private string Resolve(string field)
    {
        if (field == AnyText) return AnyText;
        // The base parser calls back with the field this parser chose for a phrase; people cannot type it.
        if (_matchOnly && field == SearchFields.All) return SearchFields.All;
        if (SearchFields.Aliases.TryGetValue(field, out var resolved)) return resolved;
        throw new QueryProblemException(
            $"There is no field '{field}'. Use one of {SearchFields.KnownFieldNames}; or put the words in quotes to search for them as text: \"{field}:...\"", wordsInstead: true);
    }

    private static bool IsText(string field) => field is AnyText or SearchFields.All || SearchFields.Weights.ContainsKey(field);

    /// <summary>True once a word without a field was read: only then do the two forms of a query differ.</summary>
    public bool ReadAnyText { get; private set; }

    private Query AcrossText(Func<string, Query?> perField)
    {
        ReadAnyText = true;
        if (_matchOnly) return perField(SearchFields.All)!;
        var any = new DisjunctionMaxQuery(FieldTieBreaker);
        foreach (var field in SearchFields.TextFields)
        {
            var query = perField(field);
            if (query is null) continue;
            query.Boost *= SearchFields.Weights[field];
            any.Add(query);
        }
        return any.Disjuncts.Count == 0 ? null! : any;
    }

    protected override Query GetFieldQuery(string field, string queryText, bool quoted)
    {
        Count();
        var target = Resolve(field);
        if (target == AnyText) return AcrossText(f => base.GetFieldQuery(f, queryText, quoted));
        if (IsText(target)) return base.GetFieldQuery(target, queryText, quoted);
        if (target == SearchFields.Id) return Filter(new TermQuery(new Term(target, queryText.Trim())));
        return Filter(target switch
        {
            SearchFields.Date => DateQuery(queryText, queryText),
            SearchFields.Year => DateQuery(Year(queryText), Year(queryText)),
            _ => new TermQuery(new Term(target, ExactValue(target, queryText))),
        });
    }

    private Query Filter(Query query)
    {
        _filters.Add(query);
        return query;
    }

    /// <summary>
    /// A value for an exact field narrows the search (<c>timeout gap:load-testing</c> is timeouts through that gap),
    /// unless the person joined it with OR: the parser then turns it back into an alternative.
    /// </summary>
    protected override void AddClause(IList<BooleanClause> clauses, int conj, int mods, Query q)
    {
        if (conj == CONJ_OR && clauses.Count > 0 && _narrowing.Contains(clauses[^1])) clauses[^1].Occur = Occur.SHOULD;
        base.AddClause(clauses, conj, mods, q);
        if (q is not null && conj == CONJ_NONE && mods == MOD_NONE && _filters.Contains(q) && clauses.Count > 0 && clauses[^1].Query == q)
        {
            clauses[^1].Occur = Occur.MUST;
            _narrowing.Add(clauses[^1]);
        }
    }

    protected override Query GetFieldQuery(string field, string queryText, int slop)
    {
        var target = Resolve(field);
        if (target == AnyText) return AcrossText(f => base.GetFieldQuery(f, queryText, slop));
        return base.GetFieldQuery(target, queryText, slop);
    }

    private string ExactValue(string field, string value) => ExactValue(field, value, _taxonomy);

    /// <summary>The value as indexed: lower case; a gap's current id for an old alias; "1" for severity means sev1.</summary>
    internal static string ExactValue(string field, string value, GapTaxonomy? taxonomy)
    {
        var exact = IncidentAnalyzers.ExactValue(value);
        if (field == SearchFields.Gap) return taxonomy?.CurrentGapId(exact) ?? exact;
        if (field == SearchFields.Severity && exact.Length == 1 && char.IsDigit(exact[0])) return "sev" + exact;
        return exact;
    }

    private static string Year(string? text)
    {
        if (text is null) return "*";
        if (text is "*" || (text.Length == 4 && text.All(char.IsDigit))) return text;
        throw new QueryProblemException($"year: takes a year such as year:2025 (or a range such as year:[2024 TO 2025]), not '{text}'");
    }

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive)
    {
        Count();
        var target = Resolve(field);
        return target switch
        {
            SearchFields.Date => Filter(DateQuery(part1, part2, startInclusive, endInclusive)),
            SearchFields.Year => Filter(DateQuery(Year(part1), Year(part2), startInclusive, endInclusive)),
            _ => throw new QueryProblemException(
                $"Ranges work on date: and year: only, for example date:[2025-01-01 TO 2025-06-30]; '{field}:' takes a single value"),
        };
    }

    /// <summary>From the start of the first period to the end of the second: date:2025-03 is all of March.</summary>
    private static Query DateQuery(string? from, string? to, bool startInclusive = true, bool endInclusive = true)
    {
        var (fromStart, fromEnd) = Period(from);
        var (toStart, toEnd) = Period(to);
        long? lower = fromStart is null ? null : (startInclusive ? fromStart : fromEnd)!.Value.UtcTicks;
        long? upper = toEnd is null ? null : (endInclusive ? toEnd : toStart)!.Value.UtcTicks;
        if (lower is not null && upper is not null && lower > upper)
            throw new QueryProblemException($"The date range [{from} TO {to}] ends before it starts: put the earlier date first");
        return NumericRangeQuery.NewInt64Range(SearchFields.Date, lower, upper, startInclusive || fromStart is null, endInclusive || toEnd is null);
    }

    /// <summary>The first and last instant of a year, month, day or exact time; (null, null) for "*".</summary>
    private static (DateTimeOffset? Start, DateTimeOffset? End) Period(string? text)
    {
        text = text?.Trim() ?? "*";
        if (text is "*" or "") return (null, null);
        var formats = new (string Format, Func<DateTimeOffset, DateTimeOffset> End)[]
        {
            ("yyyy", d => d.AddYears(1)),
            ("yyyy-MM", d => d.AddMonths(1)),
            ("yyyy-MM-dd", d => d.AddDays(1)),
        };
        foreach (var (format, end) in formats)
        {
            if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
                return (start, end(start).AddTicks(-1));
        }
        if (Format.IncidentDocument.TryParseDate(text, out var instant)) return (instant, instant);
        throw new QueryProblemException($"'{text}' is not a date: write date:2025, date:2025-03, date:2025-03-14 or date:[2025-01-01 TO 2025-06-30]");
    }

    protected override Query GetWildcardQuery(string field, string termStr)
    {
        if (termStr == "*" && field is "*" or AnyText) return new MatchAllDocsQuery();
        if (termStr.StartsWith('*') || termStr.StartsWith('?'))
            throw new QueryProblemException(
                $"'{termStr}' starts with a wildcard, which would have to read every word in the index: start with at least one letter, for example '{Example(termStr)}'", wordsInstead: true);
        if (termStr.Count(c => c is '*' or '?') > MaxWildcardsPerWord)
            throw new QueryProblemException($"'{termStr}' has too many wildcards: use at most {MaxWildcardsPerWord} * or ? in a word");
        CountMultiTerm();
        var target = Resolve(field);
        if (target == AnyText) return AcrossText(f => base.GetWildcardQuery(f, termStr));
        NoPatternsOnDates(target, termStr);
        return base.GetWildcardQuery(target, termStr);
    }

    protected override Query GetPrefixQuery(string field, string termStr)
    {
        CountMultiTerm();
        var target = Resolve(field);
        if (target == AnyText) return AcrossText(f => base.GetPrefixQuery(f, StemmedPrefix(termStr)));
        NoPatternsOnDates(target, termStr + "*");
        return base.GetPrefixQuery(target, IsText(target) ? StemmedPrefix(termStr) : termStr);
    }

    /// <summary>
    /// Text is indexed stemmed ("kubernetes" as "kubernet"), so a prefix is cut to what it shares with its own stem:
    /// kubernetes* still finds Kubernetes.
    /// </summary>
    private string StemmedPrefix(string prefix)
    {
        var lower = prefix.ToLowerInvariant();
        var terms = IncidentAnalyzers.Terms(Analyzer, SearchFields.Body, lower);
        if (terms.Count != 1) return lower;
        var stem = terms[0];
        var common = 0;
        while (common < stem.Length && common < lower.Length && stem[common] == lower[common]) common++;
        return common >= 2 ? lower[..common] : lower;
    }

    protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity)
    {
        if (termStr.Length > MaxFuzzyLength)
            throw new QueryProblemException($"'{termStr[..12]}…~' is too long for ~ (similar spellings): use it on words of up to {MaxFuzzyLength} letters", wordsInstead: true);
        CountMultiTerm();
        var target = Resolve(field);
        if (target == AnyText) return AcrossText(f => base.GetFuzzyQuery(f, termStr, minSimilarity));
        NoPatternsOnDates(target, termStr + "~");
        return base.GetFuzzyQuery(target, termStr, minSimilarity);
    }

    protected override Query GetRegexpQuery(string field, string termStr) =>
        throw new QueryProblemException(
            $"Regular expressions (/{termStr}/) are not supported: use a word with * at the end (pool*) or ~ for similar spellings (timout~)", wordsInstead: true);

    protected override Query GetBooleanQuery(IList<BooleanClause> clauses, bool disableCoord)
    {
        var query = base.GetBooleanQuery(clauses, disableCoord);
        // "-kubernetes" alone means "everything but Kubernetes", not nothing.
        if (query is BooleanQuery boolean && boolean.Clauses.Count > 0 && boolean.Clauses.All(c => c.Occur == Occur.MUST_NOT))
            boolean.Add(new MatchAllDocsQuery(), Occur.MUST);
        // Words beside a filter must still match: "timeout gap:load-testing" is not every incident through the gap.
        if (query is BooleanQuery mixed && mixed.Clauses.Any(c => c.Occur == Occur.MUST && _filters.Contains(c.Query))
            && mixed.Clauses.Any(c => c.Occur == Occur.SHOULD))
            mixed.MinimumNumberShouldMatch = Math.Max(mixed.MinimumNumberShouldMatch, 1);
        return query;
    }

    private static void NoPatternsOnDates(string field, string termStr)
    {
        if (field is SearchFields.Date or SearchFields.Year)
            throw new QueryProblemException(
                $"'{termStr}' is a pattern; date: and year: take a date or a range, for example date:[2025-01-01 TO 2025-06-30]");
    }

    private void Count()
    {
        if (++_clauses > MaxClauses)
            throw new QueryProblemException($"The query has more than {MaxClauses} parts: keep the few words that matter most");
    }

    private void CountMultiTerm()
    {
        Count();
        if (++_multiTermQueries > MaxMultiTermQueries)
            throw new QueryProblemException(
                $"The query has more than {MaxMultiTermQueries} words with *, ? or ~, each of which reads many words of the index: keep at most {MaxMultiTermQueries}");
    }

    private static string Example(string termStr)
    {
        var letters = new string(termStr.Where(char.IsLetterOrDigit).ToArray());
        return letters.Length > 0 ? letters + "*" : "pool*";
    }
}
