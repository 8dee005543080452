using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Postmortems.Core.Search.Lucene;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Search;

/// <summary>
/// The index's read side for queries as typed: compiles them, finds, counts and facets every match by the cheap form,
/// ranks the best again (re-ranking in SearchRanking.cs), and turns the page into hits, or suggests a correction when
/// nothing matched. Reads whatever searcher the writer's last refresh made visible. Thread-safe.
/// </summary>
internal sealed partial class IncidentSearcher(SearcherManager searchers, Analyzer indexAnalyzer, Analyzer queryAnalyzer, GapTaxonomy? taxonomy)
{
    private readonly QueryCompiler _compiler = new(queryAnalyzer, taxonomy);

    public int Count
    {
        get
        {
            var searcher = searchers.Acquire();
            try { return searcher.IndexReader.NumDocs; }
            finally { searchers.Release(searcher); }
        }
    }

    /// <summary>How many segments a search reads (tests).</summary>
    public int SegmentCount
    {
        get
        {
            var searcher = searchers.Acquire();
            try { return searcher.IndexReader.Leaves.Count; }
            finally { searchers.Release(searcher); }
        }
    }

    /// <summary>
    /// Runs a query as typed. Never throws for what a person can type: a query that cannot run comes back with a
    /// <see cref="SearchResult.Message"/> (and, where fair, the results for its plain words).
    /// </summary>
    public SearchResult Search(SearchRequest request)
    {
        var clock = Stopwatch.StartNew();
        var filter = CombinedFilter(request.Filters);
        var searcher = searchers.Acquire();
        try
        {
            var compiled = _compiler.Compile(request.Query);
            if (compiled.Query is null) return SearchResult.Empty(compiled.Message) with { Elapsed = clock.Elapsed, Malformed = true };
            return Search(searcher, request, compiled, filter, clock);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return SearchResult.Empty("A wildcard or ~ in the query matches too many different words: make it longer or more precise.") with { Elapsed = clock.Elapsed, Malformed = true };
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private SearchResult Search(IndexSearcher searcher, SearchRequest request, CompiledQuery compiled, Filter? filter, Stopwatch clock)
    {
        var sort = string.IsNullOrWhiteSpace(request.Query) ? SearchSort.Date : request.Sort;
        var result = Run(searcher, compiled, compiled.Query!, filter, request, sort);
        var message = compiled.Message;
        string? didYouMean = null;
        if (result.Total == 0 && compiled.Words.Count > 0)
            didYouMean = DidYouMean(searcher, compiled.Message is null ? request.Query ?? "" : string.Join(' ', compiled.Words), compiled.Words, filter);
        return result with { Message = message, DidYouMean = didYouMean, Elapsed = clock.Elapsed, Malformed = compiled.Message is not null };
    }

    /// <summary>
    /// The request's filters as one Lucene filter (every value must match), or null when there are none. A filter
    /// rather than more clauses: it narrows without touching the scores, whatever the query is.
    /// </summary>
    /// <exception cref="ArgumentException">A filter names a field that is not an exact field.</exception>
    private Filter? CombinedFilter(IReadOnlyList<SearchFilter> filters)
    {
        if (filters.Count == 0) return null;
        var all = new BooleanQuery();
        foreach (var (name, value) in filters)
        {
            if (!SearchFields.Aliases.TryGetValue(name, out var field) || !SearchFields.ExactFields.Contains(field))
                throw new ArgumentException($"'{name}' cannot filter a search: use one of {string.Join(", ", SearchFields.ExactFields)}.", nameof(filters));
            all.Add(new TermQuery(new Term(field, IncidentQueryParser.ExactValue(field, value, taxonomy))), Occur.MUST);
        }
        return new QueryWrapperFilter(all);
    }

    private static Query Filtered(Query query, Filter? filter) => filter is null ? query : new FilteredQuery(query, filter);

    /// <summary>How many of the best matches by the combined field are ranked again by the weighted fields and the proximity bonus.</summary>
    internal const int RerankWindow = 100;

    private SearchResult Run(IndexSearcher searcher, CompiledQuery compiled, TwoFormQuery query, Filter? filter, SearchRequest request, SearchSort sort)
    {
        var limit = Math.Clamp(request.Limit, 0, SearchRequest.MaxLimit);
        var offset = Math.Clamp(request.Offset, 0, SearchRequest.MaxWindow);
        using var facets = new FacetCollector(SearchFields.Facets);
        if (limit == 0)
        {
            // Nothing to rank: count and facets without scoring a single match.
            var count = new TotalHitCountCollector();
            searcher.Search(Filtered(TermStates.Resolved(searcher, query.Match), filter), MultiCollector.Wrap(count, facets));
            return new SearchResult(count.TotalHits + PartialCount(searcher, compiled, count.TotalHits, filter), [], facets.Result());
        }

        var window = Math.Min(offset + limit, SearchRequest.MaxWindow);
        // A plain query's words are scored whether an incident has most of them or not: partial matches rank among the others.
        var ranking = compiled.Ranking(compiled.AnyWord ?? query);
        var rerank = compiled.Reranks(query);
        if (rerank && (sort == SearchSort.Relevance || compiled.AnyWord is not null)) window = Math.Min(Math.Max(RerankWindow, window), SearchRequest.MaxWindow);

        // Every match is found, counted and faceted by the cheap form; by relevance, the best of them by the combined
        // field are then scored by the weighted fields and the proximity bonus; by date, only the page is.
        // Ties (a query on exact fields scores every match alike) go to the newest incident.
        var newest = new SortField(SearchFields.Date, SortFieldType.INT64, reverse: true);
        var order = sort == SearchSort.Date ? new Sort(newest, SortField.FIELD_SCORE) : new Sort(SortField.FIELD_SCORE, newest);
        var top = TopFieldCollector.Create(order, window, fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: true);
        searcher.Search(Filtered(TermStates.Resolved(searcher, query.Match), filter), MultiCollector.Wrap((ICollector)top, facets));

        ScoreDoc[] page;
        var total = top.TotalHits;
        IReadOnlySet<int> partial = new HashSet<int>();
        if (!rerank) page = top.GetTopDocs(offset, limit).ScoreDocs;
        else if (sort == SearchSort.Date)
        {
            var (found, partialMatches) = WithPartialMatches(searcher, compiled, top.GetTopDocs().ScoreDocs, total, filter, order);
            (partial, total) = (partialMatches, total + partialMatches.Count);
            page = Rescored(searcher, found.OrderByDescending(hit => Date(hit, 0)).ThenByDescending(hit => hit.Score).Skip(offset).Take(limit).ToArray(), ranking);
        }
        else
        {
            var (found, partialMatches) = WithPartialMatches(searcher, compiled, top.GetTopDocs().ScoreDocs, total, filter, order);
            (partial, total) = (partialMatches, total + partialMatches.Count);
            // Past the window the order stays the combined field's, so that paging on never loses or repeats a match.
            var head = Math.Min(RerankWindow, found.Length);
            var ranked = Covered(searcher, Rescored(searcher, found[..head], ranking), compiled)
                .OrderByDescending(hit => hit.Score)
                .ThenByDescending(hit => Date(hit, 1))
                .ThenBy(hit => hit.Doc);
            page = ranked.Concat(found[head..]).Skip(offset).Take(limit).ToArray();
            Rescored(searcher, page[Math.Clamp(head - offset, 0, page.Length)..], ranking);
        }
        var hits = Hits(searcher, compiled, ranking, page, partial);
        return new SearchResult(total, hits, facets.Result());
    }

    /// <summary>
    /// These matches with their scores by the ranking query (in place, in their order), visiting each segment's
    /// matches in document order as a scorer needs. Lucene's own QueryRescorer would do the same, but throws on a
    /// segment where the ranking query has no scorer.
    /// </summary>
    private static ScoreDoc[] Rescored(IndexSearcher searcher, ScoreDoc[] hits, Query ranking)
    {
        var weight = searcher.CreateNormalizedWeight(TermStates.Resolved(searcher, ranking));
        var leaves = searcher.IndexReader.Leaves;
        AtomicReaderContext? leaf = null;
        Scorer? scorer = null;
        foreach (var hit in hits.OrderBy(hit => hit.Doc))
        {
            if (leaf is null || hit.Doc >= leaf.DocBase + leaf.Reader.MaxDoc)
            {
                leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
                scorer = weight.GetScorer(leaf, null);
            }
            var target = hit.Doc - leaf.DocBase;
            var at = scorer is null ? DocIdSetIterator.NO_MORE_DOCS : scorer.DocID < target ? scorer.Advance(target) : scorer.DocID;
            // Both forms match the same incidents; were one to slip through the ranking form, it ranks last.
            hit.Score = at == target ? scorer!.GetScore() : 0;
        }
        return hits;
    }

    private SearchHit Hit(IndexSearcher searcher, Query query, ScoreDoc scoreDoc)
    {
        var document = searcher.Doc(scoreDoc.Doc);
        var date = document.Get(SearchFields.DateText) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : (DateTimeOffset?)null;
        var snippet = Snippets.Best(document, query, indexAnalyzer, queryAnalyzer);
        return new SearchHit(
            document.Get(SearchFields.Id),
            document.Get(SearchFields.Title),
            document.Get(SearchFields.Source),
            date,
            document.Get(SearchFields.Severity),
            document.Get(SearchFields.Status),
            float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score,
            snippet.Section,
            snippet.Text,
            snippet.Highlights)
        {
            Gaps = document.GetValues(SearchFields.Gap),
            Differences = document.GetValues(SearchFields.Difference),
        };
    }

    /// <summary>
    /// For each word the index does not have, the closest one it has (by edit distance, then by how many incidents
    /// use it), kept only when the corrected query finds something.
    /// </summary>
    private string? DidYouMean(IndexSearcher searcher, string query, IReadOnlyList<string> words, Filter? filter)
    {
        var terms = MultiFields.GetTerms(searcher.IndexReader, SearchFields.Spell);
        if (terms is null) return null;
        var corrected = query;
        var changed = false;
        foreach (var word in words.Distinct())
        {
            var lower = word.ToLowerInvariant();
            if (searcher.IndexReader.DocFreq(new Term(SearchFields.Spell, lower)) > 0) continue;
            var best = Suggestions.Closest(terms, lower);
            if (best is null) continue;
            corrected = Suggestions.ReplaceWord(corrected, word, best);
            changed = true;
        }
        if (!changed) return null;
        var check = _compiler.Compile(corrected);
        if (check.Query is null) return null;
        var count = new TotalHitCountCollector();
        searcher.Search(Filtered(check.Query.Match, filter), count);
        return count.TotalHits > 0 ? corrected : null;
    }

}
