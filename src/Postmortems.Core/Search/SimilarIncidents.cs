using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;

namespace Postmortems.Core.Search;

/// <summary>
/// Incidents like an incident of the index, or like a text that is not in it: MoreLikeThis over each weighted text
/// field, set up here for both. Each result carries the gaps that incident names. Never throws for an unknown id.
/// </summary>
internal sealed class SimilarIncidents(SearcherManager searchers, Analyzer indexAnalyzer)
{
    /// <summary>
    /// How MoreLikeThis picks the words of one look-up: a word counts from its first use (Lucene's defaults give an
    /// empty query on a few dozen incidents), and a word in more than one in <paramref name="MaxDocDivisor"/> of the
    /// incidents (and in more than <paramref name="MaxDocFloor"/>) says nothing.
    /// </summary>
    private sealed record Settings(int MinDocFreq, int MaxDocFloor, int MaxDocDivisor, int MaxQueryTerms);

    /// <summary>An incident's words must appear in at least one other incident.</summary>
    private static readonly Settings LikeAnIncident = new(MinDocFreq: 2, MaxDocFloor: 3, MaxDocDivisor: 2, MaxQueryTerms: 30);

    /// <summary>A text's words need only be in the index; a longer text gets more of them.</summary>
    private static readonly Settings LikeAText = new(MinDocFreq: 1, MaxDocFloor: 2, MaxDocDivisor: 3, MaxQueryTerms: 40);

    /// <summary>
    /// Incidents like this one: MoreLikeThis over each weighted text field (settings that work on a few dozen
    /// incidents: a word counts from its first use, and must appear in at least one other incident), plus a nudge
    /// for each shared gap, service and tag. Never the incident itself.
    /// </summary>
    public IReadOnlyList<SimilarIncident> Similar(string id, int limit = 5)
    {
        var searcher = searchers.Acquire();
        try
        {
            var idTerm = new Term(SearchFields.Id, id);
            var self = searcher.Search(new TermQuery(idTerm), 1);
            if (self.TotalHits == 0) return [];
            var docId = self.ScoreDocs[0].Doc;
            var document = searcher.Doc(docId);

            var query = LikeInEachField(searcher.IndexReader, LikeAnIncident, (mlt, _) => mlt.Like(docId));
            foreach (var (field, boost) in new[] { (SearchFields.Gap, 2f), (SearchFields.Difference, 0.5f), (SearchFields.Service, 1f), (SearchFields.Tag, 1f) })
            {
                foreach (var value in document.GetValues(field))
                    query.Add(new TermQuery(new Term(field, value)) { Boost = boost }, Occur.SHOULD);
            }
            if (query.Clauses.Count == 0) return [];
            query.Add(new TermQuery(idTerm), Occur.MUST_NOT);

            var gaps = document.GetValues(SearchFields.Gap).ToHashSet(StringComparer.Ordinal);
            return Found(searcher, query, limit, other => other.Where(gaps.Contains).ToList());
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Incidents whose text is like a text that is not in the index (a design, an imported report): its salient
    /// terms, weighted by how rare they are in the index, looked up in every weighted field, so that the words every
    /// document uses do not drown the signal. Each result carries the gaps that incident names.
    /// </summary>
    public IReadOnlyList<SimilarIncident> SimilarToText(string text, int limit = 5, string? excludeId = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var searcher = searchers.Acquire();
        try
        {
            if (searcher.IndexReader.NumDocs == 0) return [];
            var query = LikeInEachField(searcher.IndexReader, LikeAText, (mlt, field) => mlt.Like(new StringReader(text), field));
            if (query.Clauses.Count == 0) return [];
            if (excludeId is not null) query.Add(new TermQuery(new Term(SearchFields.Id, excludeId)), Occur.MUST_NOT);
            return Found(searcher, query, limit, gaps => gaps.ToList());
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>What MoreLikeThis finds like the source in each weighted text field, each field with its weight; fields where it finds no word are left out.</summary>
    private BooleanQuery LikeInEachField(IndexReader reader, Settings settings, Func<MoreLikeThis, string, Query> like)
    {
        var mlt = new MoreLikeThis(reader)
        {
            Analyzer = indexAnalyzer,
            MinTermFreq = 1,
            MinDocFreq = settings.MinDocFreq,
            MaxDocFreq = Math.Max(settings.MaxDocFloor, reader.NumDocs / settings.MaxDocDivisor),
            MinWordLen = 3,
            MaxQueryTerms = settings.MaxQueryTerms,
            ApplyBoost = true,
        };
        var query = new BooleanQuery(disableCoord: true);
        foreach (var field in SearchFields.TextFields)
        {
            mlt.FieldNames = [field];
            var likeField = like(mlt, field);
            if (likeField is BooleanQuery { Clauses.Count: 0 }) continue;
            likeField.Boost = SearchFields.Weights[field];
            query.Add(likeField, Occur.SHOULD);
        }
        return query;
    }

    private static List<SimilarIncident> Found(IndexSearcher searcher, Query query, int limit, Func<string[], IReadOnlyList<string>> gapsToShow) =>
        searcher.Search(query, Math.Clamp(limit, 1, SearchRequest.MaxLimit)).ScoreDocs
            .Select(hit =>
            {
                var other = searcher.Doc(hit.Doc);
                return new SimilarIncident(other.Get(SearchFields.Id), other.Get(SearchFields.Title), hit.Score, gapsToShow(other.GetValues(SearchFields.Gap)));
            })
            .ToList();
}
