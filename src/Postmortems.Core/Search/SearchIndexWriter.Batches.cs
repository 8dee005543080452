using Lucene.Net.Index;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Search;

/// <summary>The writer's bulk side: batches of updates with one commit, and whole replacements.</summary>
internal sealed partial class SearchIndexWriter
{
    /// <summary>
    /// Adds or replaces one incident inside a <see cref="Batch"/>, from any number of threads at once (the text is
    /// analysed on the calling thread, outside the index's lock). Updates of one incident must come from one thread.
    /// </summary>
    public void UpdateInBatch(SearchDocument document, long generation)
    {
        if (Volatile.Read(ref _batchDepth) == 0) throw new InvalidOperationException("UpdateInBatch needs an open batch");
        _writer.UpdateDocument(new Term(SearchFields.Id, document.Id), _documents.ToLucene(document));
        lock (_writeLock)
        {
            _deferredGeneration = Math.Max(_deferredGeneration ?? generation, generation);
            _batchUpdates++;
        }
    }

    private int _batchDepth;
    private long? _deferredGeneration;
    private int _batchUpdates;

    /// <summary>
    /// Many updates, one commit: an import of thousands of files would otherwise commit (and sync to disk) once per
    /// file. Searches see the batch's changes when it ends. A crash before then leaves the last commit, whose
    /// generation marks the index stale, so it is rebuilt at the next start.
    /// </summary>
    public IDisposable Batch()
    {
        lock (_writeLock) _batchDepth++;
        return new BatchScope(this);
    }

    /// <summary>
    /// A batch that wrote at least this many incidents, and at least a tenth of the index, ends by merging the index
    /// into one segment, as a rebuild does. A search looks up each of its words in each segment (and the ranking
    /// reads six fields per word): at 100,000 incidents one segment made the full search call 2.5 times faster than
    /// the seven an import leaves. Merging rewrites the whole index (about 11 s at 100,000 incidents), so
    /// everyday saves leave merging to Lucene's own policy.
    /// </summary>
    private const int MinimumBulkLoad = 500;

    private void EndBatch()
    {
        lock (_commitLock)
        {
            long committed;
            lock (_writeLock)
            {
                if (--_batchDepth > 0 || _deferredGeneration is not { } generation) return;
                _deferredGeneration = null;
                if (_batchUpdates >= MinimumBulkLoad && _batchUpdates * 10L >= _writer.NumDocs) _writer.ForceMerge(1);
                _batchUpdates = 0;
                committed = Math.Min(Math.Max(_appliedGeneration, generation), _missedFrom - 1);
                _appliedGeneration = Math.Max(_appliedGeneration, generation);
                CommitLocked(committed);
            }
            Searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _visibleGeneration, Math.Max(_visibleGeneration, committed));
        }
    }

    private sealed class BatchScope(SearchIndexWriter index) : IDisposable
    {
        private bool _ended;

        public void Dispose()
        {
            if (_ended) return;
            _ended = true;
            index.EndBatch();
        }
    }

    /// <summary>
    /// Replaces the whole index with these documents in one commit, merged into one segment: searches keep seeing the
    /// old index until the new one is complete, and a crash half-way leaves the old commit (whose generation then says
    /// it is stale).
    /// </summary>
    public int Replace(IEnumerable<SearchDocument> documents, long generation, IProgress<FileProgress>? progress = null, int total = 0) =>
        Replace(documents, d => d, d => d.Id, generation, progress, total);

    /// <summary>
    /// <see cref="Replace(IEnumerable{SearchDocument}, long, IProgress{FileProgress}?, int)"/> from sources read on this
    /// thread and turned into documents and analysed on every core.
    /// </summary>
    public int Replace<T>(IEnumerable<T> sources, Func<T, SearchDocument> toDocument, Func<T, string> idOf, long generation, IProgress<FileProgress>? progress = null, int total = 0)
    {
        var count = 0;
        lock (_commitLock)
        {
            lock (_writeLock)
            {
                try
                {
                    _writer.DeleteAll();
                    using (var workers = new IndexingWorkers<T>(source => _writer.AddDocument(_documents.ToLucene(toDocument(source)))))
                    {
                        foreach (var source in sources)
                        {
                            var id = idOf(source);
                            workers.Add(source, id);
                            count++;
                            progress?.Report(new FileProgress(count, Math.Max(total, count), id));
                        }
                        workers.Complete();
                    }
                    _writer.ForceMerge(1);
                    CommitLocked(generation);
                    _appliedGeneration = generation;
                    _missedFrom = long.MaxValue;
                    foreach (var id in _lastApplied.Where(kv => kv.Value <= generation).Select(kv => kv.Key).ToList()) _lastApplied.Remove(id);
                }
                catch
                {
                    _writer.Rollback();
                    throw;
                }
            }
            Searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _visibleGeneration, generation);
        }
        return count;
    }
}
