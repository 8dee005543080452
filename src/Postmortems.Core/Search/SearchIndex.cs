using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Postmortems.Core.Search;

/// <summary>
/// A Lucene index of incidents: one <see cref="IndexWriter"/> and one <see cref="SearcherManager"/> for its whole
/// life, so a change is searchable as soon as <see cref="Update"/> returns (near real time), and on disk within
/// <see cref="DurableCommitDelay"/>. Thread-safe.
/// Knows nothing of the store: <see cref="IncidentIndex"/> keeps it in step with one.
/// </summary>
public sealed partial class SearchIndex : IDisposable
{
    public const string SchemaKey = "schema";
    public const string GenerationKey = "generation";
    public const string TaxonomyKey = "taxonomy";

    private readonly LuceneDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly Analyzer _indexAnalyzer = IncidentAnalyzers.CreateIndexAnalyzer();
    private readonly Analyzer _queryAnalyzer = IncidentAnalyzers.CreateQueryAnalyzer();
    private readonly Similarity _similarity = new BM25Similarity();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly QueryCompiler _compiler;
    private readonly GapTaxonomy? _taxonomy;
    private readonly System.Threading.Lock _writeLock = new();
    // Taken before _writeLock whenever both are held: one commit at a time, however it was asked for.
    private readonly System.Threading.Lock _commitLock = new();
    private long _appliedGeneration;
    private long _visibleGeneration;
    private long _missedFrom = long.MaxValue;
    private bool _disposed;

    /// <param name="directory">Where the index lives; disposed with this index when <paramref name="ownsDirectory"/>.</param>
    /// <param name="create">Start empty, discarding whatever the directory holds.</param>
    /// <param name="taxonomy">Maps old gap ids (aliases) to current ones, in documents and queries.</param>
    public SearchIndex(LuceneDirectory directory, bool create = false, GapTaxonomy? taxonomy = null, bool ownsDirectory = true)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        _taxonomy = taxonomy;
        var config = new IndexWriterConfig(IncidentAnalyzers.Version, _indexAnalyzer)
        {
            OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            Codec = IncidentCodec.Instance,
            Similarity = _similarity,
            // A rebuild or an import flushes fewer, larger segments (less merging); a single save is far below it.
            RAMBufferSizeMB = 64,
            // Each thread state flushes its own segment: with saves applied on their own threads, Lucene's default of
            // eight made every near-real-time refresh write up to eight segments, and merge them again soon after.
            // One per core keeps a rebuild's workers busy and a refresh's segments few.
            MaxThreadStates = Math.Clamp(Environment.ProcessorCount, 2, 8),
            // Every refresh for saves leaves a small segment. Lucene's default floor counts each as 2 MB, so merges did
            // not tell a ten-incident segment from the whole index of a small store and rewrote it again and again:
            // merging took a quarter of the CPU of a stream of saves. A low floor merges small segments among themselves.
            MergePolicy = new TieredMergePolicy { FloorSegmentMB = 0.1 },
        };
        _writer = new IndexWriter(directory, config);
        try
        {
            if (create || !DirectoryReader.IndexExists(directory)) CommitLocked(0);
            _appliedGeneration = _visibleGeneration = _committedGeneration = CommittedGeneration(_writer.CommitData);
            _searchers = new SearcherManager(_writer, applyAllDeletes: true, new BM25SearcherFactory(_similarity));
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
        _compiler = new QueryCompiler(_queryAnalyzer, taxonomy);
    }

    /// <summary>An index in memory (tests, tools): empty until documents are added.</summary>
    public static SearchIndex InMemory(GapTaxonomy? taxonomy = null) => new(new RAMDirectory(), create: true, taxonomy);

    /// <summary>What the last commit says about itself: schema version and store generation.</summary>
    public IReadOnlyDictionary<string, string> CommitData => _writer.CommitData.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The store generation of the last commit, which searches see.</summary>
    public long Generation => Volatile.Read(ref _visibleGeneration);

    private static long CommittedGeneration(IDictionary<string, string> data) =>
        data.TryGetValue(GenerationKey, out var value) && long.TryParse(value, CultureInfo.InvariantCulture, out var generation) ? generation : -1;

    public int Count
    {
        get
        {
            var searcher = _searchers.Acquire();
            try { return searcher.IndexReader.NumDocs; }
            finally { _searchers.Release(searcher); }
        }
    }

    /// <summary>How many segments a search reads (tests).</summary>
    internal int SegmentCount
    {
        get
        {
            var searcher = _searchers.Acquire();
            try { return searcher.IndexReader.Leaves.Count; }
            finally { _searchers.Release(searcher); }
        }
    }

    private Document ToLucene(SearchDocument source)
    {
        var document = new Document { new StringField(SearchFields.Id, source.Id, Field.Store.YES) };
        AddText(document, SearchFields.Title, source.Title);
        AddText(document, SearchFields.Summary, source.Summary);
        AddText(document, SearchFields.Cause, source.Cause);
        AddText(document, SearchFields.Through, source.Through);
        AddText(document, SearchFields.Meta, source.Meta);
        foreach (var section in source.Body.Where(b => !string.IsNullOrWhiteSpace(b.Text)))
        {
            AddText(document, SearchFields.Body, section.Text);
            document.Add(new StoredField(SearchFields.BodySection, section.Name));
        }
        var spell = new[] { source.Title, source.Summary, source.Cause, source.Through, source.Meta }.Concat(source.Body.Select(b => b.Text)).Where(t => !string.IsNullOrWhiteSpace(t));
        document.Add(new Field(SearchFields.Spell, string.Join("\n", spell), SpellFieldType));

        var gaps = source.Gaps.Select(g => _taxonomy?.CurrentGapId(g) ?? g);
        AddExact(document, SearchFields.Gap, gaps);
        AddExact(document, SearchFields.Difference, source.Differences);
        AddExact(document, SearchFields.Service, source.Services);
        AddExact(document, SearchFields.Team, source.Teams);
        AddExact(document, SearchFields.Tag, source.Tags);
        AddExact(document, SearchFields.Author, source.Authors);
        AddExact(document, SearchFields.Severity, [source.Severity]);
        AddExact(document, SearchFields.Status, [source.Status]);
        AddExact(document, SearchFields.DetectedBy, [source.DetectedBy]);
        AddExact(document, SearchFields.Kind, [source.Kind]);
        if (source.Date is { } date)
        {
            var ticks = date.UtcTicks;
            document.Add(new Int64Field(SearchFields.Date, ticks, Field.Store.NO));
            document.Add(new NumericDocValuesField(SearchFields.Date, ticks));
            document.Add(new StoredField(SearchFields.DateText, date.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
            AddExact(document, SearchFields.Year, [date.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture)]);
        }
        if (source.Source is not null) document.Add(new StoredField(SearchFields.Source, source.Source));
        return document;
    }

    private static readonly FieldType TextFieldType = Frozen(new FieldType(TextField.TYPE_NOT_STORED));

    /// <summary>"Did you mean" only asks whether a word is in the index and how many incidents have it.</summary>
    private static readonly FieldType SpellFieldType = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true });

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    /// <summary>
    /// Stores a text and indexes it in its weighted field and in the combined one, from one analysis. One value per
    /// section in both, so that a phrase never spans two sections in either. The title is stored even when empty.
    /// </summary>
    private void AddText(Document document, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (field == SearchFields.Title) document.Add(new StoredField(field, text));
            return;
        }
        var analyzed = AnalyzedText.Read(_indexAnalyzer, field, text);
        document.Add(new StoredField(field, text));
        document.Add(new Field(field, analyzed.Replay(), TextFieldType));
        document.Add(new Field(SearchFields.All, analyzed.Replay(), TextFieldType));
    }

    private static void AddExact(Document document, string field, IEnumerable<string?> values)
    {
        foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => IncidentAnalyzers.ExactValue(v!)).Distinct(StringComparer.Ordinal))
        {
            document.Add(new StringField(field, value, Field.Store.YES));
            document.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
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
        var searcher = _searchers.Acquire();
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
            _searchers.Release(searcher);
        }
    }

    private SearchResult Search(IndexSearcher searcher, SearchRequest request, CompiledQuery compiled, Filter? filter, Stopwatch clock)
    {
        {
            var sort = string.IsNullOrWhiteSpace(request.Query) ? SearchSort.Date : request.Sort;
            var result = Run(searcher, compiled, compiled.Query!, filter, request, sort);
            var message = compiled.Message;
            string? didYouMean = null;
            if (result.Total == 0 && compiled.Words.Count > 0)
                didYouMean = DidYouMean(searcher, compiled.Message is null ? request.Query ?? "" : string.Join(' ', compiled.Words), compiled.Words, filter);
            return result with { Message = message, DidYouMean = didYouMean, Elapsed = clock.Elapsed, Malformed = compiled.Message is not null };
        }
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
            all.Add(new TermQuery(new Term(field, IncidentQueryParser.ExactValue(field, value, _taxonomy))), Occur.MUST);
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
        var snippet = Snippets.Best(document, query, _indexAnalyzer, _queryAnalyzer);
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

    /// <summary>
    /// Incidents like this one: MoreLikeThis over each weighted text field (settings that work on a few dozen
    /// incidents: a word counts from its first use, and must appear in at least one other incident), plus a nudge
    /// for each shared gap, service and tag. Never the incident itself.
    /// </summary>
    public IReadOnlyList<SimilarIncident> Similar(string id, int limit = 5)
    {
        var searcher = _searchers.Acquire();
        try
        {
            var idTerm = new Term(SearchFields.Id, id);
            var self = searcher.Search(new TermQuery(idTerm), 1);
            if (self.TotalHits == 0) return [];
            var docId = self.ScoreDocs[0].Doc;
            var document = searcher.Doc(docId);
            var reader = searcher.IndexReader;

            var mlt = new MoreLikeThis(reader)
            {
                Analyzer = _indexAnalyzer,
                MinTermFreq = 1,
                MinDocFreq = 2,
                MaxDocFreq = Math.Max(3, reader.NumDocs / 2),
                MinWordLen = 3,
                MaxQueryTerms = 30,
                ApplyBoost = true,
            };
            var query = new BooleanQuery(disableCoord: true);
            foreach (var field in SearchFields.TextFields)
            {
                mlt.FieldNames = [field];
                var like = mlt.Like(docId);
                if (like is BooleanQuery { Clauses.Count: 0 }) continue;
                like.Boost = SearchFields.Weights[field];
                query.Add(like, Occur.SHOULD);
            }
            foreach (var (field, boost) in new[] { (SearchFields.Gap, 2f), (SearchFields.Difference, 0.5f), (SearchFields.Service, 1f), (SearchFields.Tag, 1f) })
            {
                foreach (var value in document.GetValues(field))
                    query.Add(new TermQuery(new Term(field, value)) { Boost = boost }, Occur.SHOULD);
            }
            if (query.Clauses.Count == 0) return [];
            query.Add(new TermQuery(idTerm), Occur.MUST_NOT);

            var gaps = document.GetValues(SearchFields.Gap).ToHashSet(StringComparer.Ordinal);
            return searcher.Search(query, Math.Clamp(limit, 1, SearchRequest.MaxLimit)).ScoreDocs
                .Select(hit =>
                {
                    var other = searcher.Doc(hit.Doc);
                    return new SimilarIncident(other.Get(SearchFields.Id), other.Get(SearchFields.Title), hit.Score,
                        other.GetValues(SearchFields.Gap).Where(gaps.Contains).ToList());
                })
                .ToList();
        }
        finally
        {
            _searchers.Release(searcher);
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
        var searcher = _searchers.Acquire();
        try
        {
            var reader = searcher.IndexReader;
            if (reader.NumDocs == 0) return [];
            var mlt = new MoreLikeThis(reader)
            {
                Analyzer = _indexAnalyzer,
                MinTermFreq = 1,
                MinDocFreq = 1,
                MaxDocFreq = Math.Max(2, reader.NumDocs / 3),
                MinWordLen = 3,
                MaxQueryTerms = 40,
                ApplyBoost = true,
            };
            var query = new BooleanQuery(disableCoord: true);
            foreach (var field in SearchFields.TextFields)
            {
                mlt.FieldNames = [field];
                var like = mlt.Like(new StringReader(text), field);
                if (like is BooleanQuery { Clauses.Count: 0 }) continue;
                like.Boost = SearchFields.Weights[field];
                query.Add(like, Occur.SHOULD);
            }
            if (query.Clauses.Count == 0) return [];
            if (excludeId is not null) query.Add(new TermQuery(new Term(SearchFields.Id, excludeId)), Occur.MUST_NOT);

            return searcher.Search(query, Math.Clamp(limit, 1, SearchRequest.MaxLimit)).ScoreDocs
                .Select(hit =>
                {
                    var other = searcher.Doc(hit.Doc);
                    return new SimilarIncident(other.Get(SearchFields.Id), other.Get(SearchFields.Title), hit.Score, other.GetValues(SearchFields.Gap).ToList());
                })
                .ToList();
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _durableCommitTimer?.Dispose();
        CommitDurably();
        lock (_durableLock) _disposed = true;
        _searchers.Dispose();
        _writer.Dispose();
        _indexAnalyzer.Dispose();
        _queryAnalyzer.Dispose();
        if (_ownsDirectory) _directory.Dispose();
    }

    private sealed class BM25SearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader)
        {
            // Read a new segment's facet ordinals now rather than in the first search that meets it.
            foreach (var leaf in reader.Leaves) FacetOrdinals.For(leaf.AtomicReader);
            return new IndexSearcher(reader) { Similarity = similarity };
        }
    }
}
