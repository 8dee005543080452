using Lucene.Net.Analysis;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Postmortems.Core.Search;

/// <summary>
/// A Lucene index of incidents: one <see cref="SearchIndexWriter"/> and its searchers for its whole life, so a change
/// is searchable as soon as <see cref="Update"/> returns (near real time), and on disk within
/// <see cref="DurableCommitDelay"/>. Holds the writer, the <see cref="IncidentSearcher"/> for queries as typed, the
/// <see cref="SimilarIncidents"/> and the <see cref="TextMatcher"/>, which share its analyzers and searchers. Thread-safe.
/// Knows nothing of the store: <see cref="IncidentIndex"/> keeps it in step with one.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    private readonly Analyzer _indexAnalyzer = IncidentAnalyzers.CreateIndexAnalyzer();
    private readonly Analyzer _queryAnalyzer = IncidentAnalyzers.CreateQueryAnalyzer();
    private readonly Similarity _similarity = new BM25Similarity();
    private readonly SearchIndexWriter _writer;
    private readonly IncidentSearcher _searcher;
    private readonly SimilarIncidents _similar;
    private readonly TextMatcher _textMatcher;

    /// <param name="directory">Where the index lives; disposed with this index when <paramref name="ownsDirectory"/>.</param>
    /// <param name="create">Start empty, discarding whatever the directory holds.</param>
    /// <param name="taxonomy">Maps old gap ids (aliases) to current ones, in documents and queries.</param>
    public SearchIndex(LuceneDirectory directory, bool create = false, GapTaxonomy? taxonomy = null, bool ownsDirectory = true)
    {
        _writer = new SearchIndexWriter(directory, create, taxonomy, ownsDirectory, _indexAnalyzer, _similarity);
        _searcher = new IncidentSearcher(_writer.Searchers, _indexAnalyzer, _queryAnalyzer, taxonomy);
        _similar = new SimilarIncidents(_writer.Searchers, _indexAnalyzer);
        _textMatcher = new TextMatcher(_writer.Searchers, _indexAnalyzer, _queryAnalyzer);
    }

    /// <summary>An index in memory (tests, tools): empty until documents are added.</summary>
    public static SearchIndex InMemory(GapTaxonomy? taxonomy = null) => new(new RAMDirectory(), create: true, taxonomy);

    /// <inheritdoc cref="SearchIndexWriter.DurableCommitDelay"/>
    public static TimeSpan DurableCommitDelay => SearchIndexWriter.DurableCommitDelay;

    /// <inheritdoc cref="SearchIndexWriter.CommitData"/>
    public IReadOnlyDictionary<string, string> CommitData => _writer.CommitData;

    /// <inheritdoc cref="SearchIndexWriter.Generation"/>
    public long Generation => _writer.Generation;

    /// <inheritdoc cref="SearchIndexWriter.CommitFailure"/>
    public string? CommitFailure => _writer.CommitFailure;

    public int Count => _searcher.Count;

    /// <inheritdoc cref="IncidentSearcher.SegmentCount"/>
    internal int SegmentCount => _searcher.SegmentCount;

    /// <inheritdoc cref="IncidentSearcher.Search(SearchRequest)"/>
    public SearchResult Search(SearchRequest request) => _searcher.Search(request);

    /// <inheritdoc cref="SimilarIncidents.Similar"/>
    public IReadOnlyList<SimilarIncident> Similar(string id, int limit = 5) => _similar.Similar(id, limit);

    /// <inheritdoc cref="SimilarIncidents.SimilarToText"/>
    public IReadOnlyList<SimilarIncident> SimilarToText(string text, int limit = 5, string? excludeId = null) => _similar.SimilarToText(text, limit, excludeId);

    /// <inheritdoc cref="TextMatcher.MatchText"/>
    public TextMatches MatchText(string text, int limit = 5) => _textMatcher.MatchText(text, limit);

    /// <inheritdoc cref="SearchIndexWriter.Update"/>
    public void Update(SearchDocument document, long generation) => _writer.Update(document, generation);

    public void Delete(string id, long generation) => _writer.Delete(id, generation);

    /// <inheritdoc cref="SearchIndexWriter.Apply"/>
    public void Apply(SearchDocument document, long generation) => _writer.Apply(document, generation);

    public void ApplyDelete(string id, long generation) => _writer.ApplyDelete(id, generation);

    /// <inheritdoc cref="SearchIndexWriter.Reserve"/>
    public void Reserve(long generation, Func<SearchDocument> document) => _writer.Reserve(generation, document);

    /// <inheritdoc cref="SearchIndexWriter.ApplyReserved"/>
    public void ApplyReserved(long generation) => _writer.ApplyReserved(generation);

    /// <inheritdoc cref="SearchIndexWriter.MarkMissed"/>
    public void MarkMissed(long generation) => _writer.MarkMissed(generation);

    /// <inheritdoc cref="SearchIndexWriter.CommitThrough"/>
    public void CommitThrough(long generation) => _writer.CommitThrough(generation);

    /// <inheritdoc cref="SearchIndexWriter.UpdateInBatch"/>
    public void UpdateInBatch(SearchDocument document, long generation) => _writer.UpdateInBatch(document, generation);

    /// <inheritdoc cref="SearchIndexWriter.Batch"/>
    public IDisposable Batch() => _writer.Batch();

    /// <inheritdoc cref="SearchIndexWriter.Replace(IEnumerable{SearchDocument}, long, IProgress{FileProgress}?, int)"/>
    public int Replace(IEnumerable<SearchDocument> documents, long generation, IProgress<FileProgress>? progress = null, int total = 0) =>
        _writer.Replace(documents, generation, progress, total);

    /// <inheritdoc cref="SearchIndexWriter.Replace{T}"/>
    public int Replace<T>(IEnumerable<T> sources, Func<T, SearchDocument> toDocument, Func<T, string> idOf, long generation, IProgress<FileProgress>? progress = null, int total = 0) =>
        _writer.Replace(sources, toDocument, idOf, generation, progress, total);

    public void Dispose()
    {
        _writer.Dispose();
        _indexAnalyzer.Dispose();
        _queryAnalyzer.Dispose();
    }
}
