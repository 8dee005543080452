using Lucene.Net.Search;

namespace Postmortems.Core.Search;

public sealed partial class SearchIndex
{
    /// <summary>
    /// What an incident with only the least telling of the words keeps of its score: the rest of the score depends on
    /// how much of the query (each word weighed by its rarity) it has. A bonus, not a filter.
    /// </summary>
    internal const double CoverageFloor = 0.3;

    /// <summary>
    /// The share of a plain query's weight (each word weighed by its rarity) an incident must have to match well:
    /// below it, a hit is a partial match. "dns" alone matches "dns outage" well; "connection" alone does not match
    /// "connection pool" well.
    /// </summary>
    internal const double WellMatchedShare = 0.7;

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
    private List<SearchHit> Hits(IndexSearcher searcher, CompiledQuery compiled, Query ranking, ScoreDoc[] page)
    {
        var words = WordMatches.Find(searcher.IndexReader, compiled.Searched, page.Select(hit => hit.Doc), SearchFields.TextFields);
        var rarity = compiled.Plain && compiled.Searched.Count > 1 ? Rarities(searcher, compiled) : null;
        return page.Select(scoreDoc => Hit(searcher, ranking, scoreDoc) with
        {
            Matched = Matched(compiled.Searched, words[scoreDoc.Doc]),
            Partial = rarity is not null && Coverage(rarity, words[scoreDoc.Doc]) < WellMatchedShare,
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
