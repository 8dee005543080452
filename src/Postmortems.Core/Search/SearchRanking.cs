using Lucene.Net.Search;
using Postmortems.Core.Search.Lucene;

namespace Postmortems.Core.Search;

internal sealed partial class IncidentSearcher
{
    /// <summary>
    /// What an incident with only the least telling of the words keeps of its score: the rest of the score depends on
    /// how much of the query (each word weighed by its rarity) it has. A bonus, not a filter.
    /// </summary>
    internal const double CoverageFloor = 0.3;

    /// <summary>
    /// The best matches of a plain query, and where fewer than <see cref="RerankWindow"/> incidents have most of its
    /// words, the best of those with fewer of them after them (by the combined field, as the others), up to the window:
    /// all of these are then ranked together, having more of the words being a bonus, not a condition. The second
    /// look-up runs only when the first leaves room, so a query whose words many incidents share costs no more than
    /// before.
    /// </summary>
    /// <returns>The matches to rank, and which of them are partial matches.</returns>
    private static (ScoreDoc[] Found, IReadOnlySet<int> Partial) WithPartialMatches(IndexSearcher searcher, CompiledQuery compiled, ScoreDoc[] found, int total, Filter? filter, Sort order)
    {
        if (compiled.AnyWord is null || total >= RerankWindow) return (found, new HashSet<int>());
        var any = TopFieldCollector.Create(order, RerankWindow, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: true);
        searcher.Search(Filtered(TermStates.Resolved(searcher, compiled.AnyWord.Match), filter), any);
        var well = found.Select(hit => hit.Doc).ToHashSet();
        var partial = any.GetTopDocs().ScoreDocs.Where(hit => !well.Contains(hit.Doc)).Take(RerankWindow - total).ToArray();
        return ([.. found, .. partial], partial.Select(hit => hit.Doc).ToHashSet());
    }

    /// <summary>How many partial matches <see cref="WithPartialMatches"/> would add to <paramref name="total"/> matches.</summary>
    private static int PartialCount(IndexSearcher searcher, CompiledQuery compiled, int total, Filter? filter)
    {
        if (compiled.AnyWord is null || total >= RerankWindow) return 0;
        var any = new TotalHitCountCollector();
        searcher.Search(Filtered(TermStates.Resolved(searcher, compiled.AnyWord.Match), filter), any);
        return Math.Min(any.TotalHits - total, RerankWindow - total);
    }

    /// <summary>The incident's date (UTC ticks) as sorted on, at <paramref name="at"/> among the sort values; 0 when it has none.</summary>
    private static long Date(ScoreDoc hit, int at) =>
        hit is FieldDoc { Fields: var fields } && fields.Length > at && fields[at] is { } date ? Convert.ToInt64(date, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>
    /// The best matches' scores (in place) scaled by how much of a plain query they cover: more of the words, and the
    /// rarer ones, rank higher. BM25 sums what each word adds, so one word repeated throughout a long incident can
    /// otherwise outrank an incident that has every word of the query.
    /// </summary>
    private static ScoreDoc[] Covered(IndexSearcher searcher, ScoreDoc[] hits, CompiledQuery compiled)
    {
        if (!compiled.Plain || compiled.Searched.Count < 2) return hits;
        var rarity = Rarities(searcher, compiled);
        var found = WordMatches.Find(searcher.IndexReader, compiled.Searched, hits.Select(h => h.Doc), [SearchFields.All]);
        foreach (var hit in hits)
            hit.Score *= (float)(CoverageFloor + (1 - CoverageFloor) * Coverage(rarity, found[hit.Doc]));
        return hits;
    }

    private static double[] Rarities(IndexSearcher searcher, CompiledQuery compiled) =>
        compiled.Searched.Select(w => WordMatches.Rarity(searcher.IndexReader, w)).ToArray();

    /// <summary>The share of the words' weight that an incident has (0 to 1); <paramref name="words"/> is non-zero for each word it has.</summary>
    private static double Coverage(double[] rarity, int[] words)
    {
        var total = rarity.Sum();
        return total <= 0 ? 1 : Enumerable.Range(0, words.Length).Where(i => words[i] != 0).Sum(i => rarity[i]) / total;
    }

    /// <summary>The page's hits with the words each has, and where, and whether it is only a partial match.</summary>
    private List<SearchHit> Hits(IndexSearcher searcher, CompiledQuery compiled, Query ranking, ScoreDoc[] page, IReadOnlySet<int> partial)
    {
        var words = WordMatches.Find(searcher.IndexReader, compiled.Searched, page.Select(hit => hit.Doc), SearchFields.TextFields);
        return page.Select(scoreDoc => Hit(searcher, ranking, scoreDoc) with
        {
            Matched = Matched(compiled.Searched, words[scoreDoc.Doc]),
            Partial = partial.Contains(scoreDoc.Doc),
        }).ToList();
    }

    /// <summary>The words a hit has, in the query's order, each with the parts that have it, most telling first.</summary>
    private static IReadOnlyList<MatchedWord> Matched(IReadOnlyList<QueryWord> words, int[] fields)
    {
        var matched = new List<MatchedWord>();
        for (var i = 0; i < words.Count; i++)
        {
            if (fields[i] == 0) continue;
            var where = Enumerable.Range(0, SearchFields.TextFields.Count)
                .Where(f => (fields[i] & (1 << f)) != 0)
                .Select(f => SearchFields.TextFields[f])
                .OrderByDescending(f => SearchFields.Weights[f])
                .Select(f => SearchFields.SectionNames.GetValueOrDefault(f, "Text"))
                .ToList();
            matched.Add(new MatchedWord(words[i].Word, where));
        }
        return matched;
    }
}
