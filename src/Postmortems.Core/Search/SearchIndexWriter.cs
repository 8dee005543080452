using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Postmortems.Core.Search.Lucene;
using Postmortems.Core.Taxonomy;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Postmortems.Core.Search;

/// <summary>
/// The index's write side: one <see cref="IndexWriter"/> for its whole life, changes, group refreshes and durable
/// commits (batches and whole replacements in SearchIndexWriter.Batches.cs). It owns the <see cref="SearcherManager"/>
/// that searches acquire from, since a near-real-time refresh reopens it from the writer. Thread-safe.
/// </summary>
internal sealed partial class SearchIndexWriter : IDisposable
{
    private readonly LuceneDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly IndexWriter _writer;
    private readonly SearchDocumentMapper _documents;
    private readonly GapTaxonomy? _taxonomy;
    private readonly System.Threading.Lock _writeLock = new();
    // Taken before _writeLock whenever both are held: one commit at a time, however it was asked for.
    private readonly System.Threading.Lock _commitLock = new();
    private long _appliedGeneration;
    private long _visibleGeneration;
    private long _missedFrom = long.MaxValue;
    private bool _disposed;

    /// <param name="directory">Where the index lives; disposed with this writer when <paramref name="ownsDirectory"/>.</param>
    /// <param name="create">Start empty, discarding whatever the directory holds.</param>
    /// <param name="taxonomy">Maps old gap ids (aliases) to current ones in documents; its fingerprint goes in each commit.</param>
    public SearchIndexWriter(LuceneDirectory directory, bool create, GapTaxonomy? taxonomy, bool ownsDirectory, Analyzer indexAnalyzer, Similarity similarity)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        _taxonomy = taxonomy;
        _documents = new SearchDocumentMapper(indexAnalyzer, taxonomy);
        var config = new IndexWriterConfig(IncidentAnalyzers.Version, indexAnalyzer)
        {
            OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            Codec = IncidentCodec.Instance,
            Similarity = similarity,
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
            _appliedGeneration = _visibleGeneration = _committedGeneration = IndexCommitData.Generation(_writer.CommitData);
            Searchers = new SearcherManager(_writer, applyAllDeletes: true, new BM25SearcherFactory(similarity));
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
    }

    /// <summary>Searchers on what the last refresh made visible.</summary>
    public SearcherManager Searchers { get; }

    /// <summary>What the last commit says about itself: schema version and store generation.</summary>
    public IReadOnlyDictionary<string, string> CommitData => _writer.CommitData.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The store generation of the last commit, which searches see.</summary>
    public long Generation => Volatile.Read(ref _visibleGeneration);

    /// <summary>
    /// Adds or replaces one incident and commits, recording the store generation it reflects; inside a
    /// <see cref="Batch"/>, the commit waits for the batch to end.
    /// </summary>
    public void Update(SearchDocument document, long generation)
    {
        Apply(document, generation);
        CommitThrough(generation);
    }

    public void Delete(string id, long generation)
    {
        ApplyDelete(id, generation);
        CommitThrough(generation);
    }

    /// <summary>
    /// Adds or replaces one incident without committing: <see cref="CommitThrough"/> makes it searchable. Changes that
    /// were not <see cref="Reserve">reserved</see> must come in the order of their generations (the store raises them
    /// in that order), so that a commit that records generation N holds every change up to N.
    /// </summary>
    public void Apply(SearchDocument document, long generation)
    {
        var lucene = _documents.ToLucene(document); // analysed outside the locks: that is most of the cost, and saves run it in parallel
        lock (IncidentLock(document.Id))
        {
            if (IsOverridden(document.Id, generation)) return;
            _writer.UpdateDocument(new Term(SearchFields.Id, document.Id), lucene);
            Applied(document.Id, generation);
        }
    }

    public void ApplyDelete(string id, long generation)
    {
        lock (IncidentLock(id))
        {
            if (IsOverridden(id, generation)) return;
            _writer.DeleteDocuments(new Term(SearchFields.Id, id));
            Applied(id, generation);
        }
    }

    /// <summary>
    /// The writer takes documents from many threads at once; an incident's own changes go one at a time, so that the
    /// later of two concurrent saves of one incident is the one the index keeps, whichever thread gets here first.
    /// </summary>
    private readonly object[] _incidentLocks = [.. Enumerable.Range(0, 64).Select(_ => new object())];

    private object IncidentLock(string id) => _incidentLocks[(uint)StringComparer.Ordinal.GetHashCode(id) % (uint)_incidentLocks.Length];

    /// <summary>The generation of the last change applied to each incident changed since the last commit.</summary>
    private readonly Dictionary<string, long> _lastApplied = new(StringComparer.Ordinal);

    private bool IsOverridden(string id, long generation)
    {
        lock (_writeLock) return _lastApplied.TryGetValue(id, out var applied) && applied > generation;
    }

    private void Applied(string id, long generation)
    {
        lock (_writeLock)
        {
            _lastApplied[id] = generation;
            _appliedGeneration = Math.Max(_appliedGeneration, generation);
            if (_batchDepth > 0)
            {
                _deferredGeneration = generation;
                _batchUpdates++;
            }
        }
    }

    /// <summary>
    /// Changes announced by the store (on its writer thread, in generation order) and applied later, by the saving
    /// thread (<see cref="ApplyReserved"/>) or by whoever commits first: saves analyse their text in parallel, and
    /// no commit records a generation whose change is not in yet.
    /// </summary>
    private readonly SortedSet<long> _reserved = [];
    private readonly Dictionary<long, List<Func<SearchDocument>>> _unclaimed = [];
    private readonly object _reservedApplied = new();

    /// <summary>Announces the change of a generation, to be applied by <see cref="ApplyReserved"/>.</summary>
    public void Reserve(long generation, Func<SearchDocument> document)
    {
        lock (_writeLock)
        {
            _reserved.Add(generation);
            if (!_unclaimed.TryGetValue(generation, out var changes)) _unclaimed[generation] = changes = [];
            changes.Add(document);
        }
    }

    /// <summary>Applies the reserved changes of a generation on this thread, unless another thread took them.</summary>
    public void ApplyReserved(long generation)
    {
        List<Func<SearchDocument>>? changes;
        lock (_writeLock)
        {
            if (!_unclaimed.Remove(generation, out changes)) return;
        }
        try
        {
            foreach (var change in changes) Apply(change(), generation);
        }
        catch
        {
            MarkMissed(generation);
            throw;
        }
        finally
        {
            lock (_writeLock) _reserved.Remove(generation);
            lock (_reservedApplied) Monitor.PulseAll(_reservedApplied);
        }
    }

    /// <summary>The last generation a commit may record now: every change up to it is applied.</summary>
    private long CommittableGeneration()
    {
        var applied = _reserved.Count > 0 ? Math.Min(_appliedGeneration, _reserved.Min - 1) : _appliedGeneration;
        return Math.Min(applied, _missedFrom - 1);
    }

    /// <summary>
    /// Waits until the changes up to <paramref name="generation"/> are applied (taking over those no thread has
    /// claimed, so that a saving thread that never came back cannot hold the index up) or one was missed.
    /// </summary>
    private void WaitForReserved(long generation)
    {
        while (true)
        {
            long? unclaimed;
            lock (_writeLock)
            {
                if (CommittableGeneration() >= generation || _missedFrom <= generation) return;
                unclaimed = _unclaimed.Keys.Where(g => g <= generation).Cast<long?>().Min();
            }
            if (unclaimed is { } earlier)
            {
                try
                {
                    ApplyReserved(earlier);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException)
                {
                    // Marked missed: the next round sees it and stops waiting.
                }
                continue;
            }
            lock (_reservedApplied)
            {
                lock (_writeLock)
                {
                    if (CommittableGeneration() >= generation || _missedFrom <= generation || _unclaimed.Keys.Any(g => g <= generation)) continue;
                }
                Monitor.Wait(_reservedApplied);
            }
        }
    }

    /// <summary>
    /// A change of this generation could not be applied: no commit records it or a later one until the index is
    /// rebuilt, so that a restart finds the index behind the store and rebuilds it, instead of missing an incident.
    /// </summary>
    public void MarkMissed(long generation)
    {
        lock (_writeLock) _missedFrom = Math.Min(_missedFrom, generation);
    }

    /// <summary>
    /// Group refresh: returns once every change up to <paramref name="generation"/> is searchable. One caller opens a
    /// new searcher on everything applied so far while the others wait, and most of them then find their change
    /// already in: concurrent saves share one flush and one refresh. The changes reach the disk in a commit that
    /// follows within <see cref="DurableCommitDelay"/> (one sync to disk for all the saves of that time), or at
    /// <see cref="Dispose"/>: until then, the last commit records an older generation, so a crash leaves an index that
    /// the next start finds behind the store and brings up to date. Inside a <see cref="Batch"/>, returns at once:
    /// the batch's end commits.
    /// </summary>
    public void CommitThrough(long generation)
    {
        if (Volatile.Read(ref _visibleGeneration) >= generation) return;
        lock (_commitLock)
        {
            if (_visibleGeneration >= generation || Volatile.Read(ref _batchDepth) > 0) return;
            WaitForReserved(generation);
            // The saves already in the store and being analysed join this refresh rather than wait for the next one:
            // a refresh costs about the same for one incident as for eight.
            long latest;
            lock (_writeLock) latest = _reserved.Count > 0 ? _reserved.Max : 0;
            if (latest > generation) WaitForReserved(latest);
            long target;
            lock (_writeLock)
            {
                if (_batchDepth > 0) return;
                target = CommittableGeneration();
            }
            Searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _visibleGeneration, Math.Max(_visibleGeneration, target));
            _durableCommit.Change(DurableCommitDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>How long searchable changes may wait for the commit that puts them on disk.</summary>
    public static readonly TimeSpan DurableCommitDelay = TimeSpan.FromSeconds(1);

    private Timer? _durableCommitTimer;
    private Timer _durableCommit => _durableCommitTimer ??= new Timer(_ => CommitDurably(), null, Timeout.Infinite, Timeout.Infinite);
    private long _committedGeneration;

    /// <summary>
    /// Why the last commit to disk failed (the disk was full, ...), or null. Searches still see every change; the
    /// next commit tries again, and a restart rebuilds what the disk lacks.
    /// </summary>
    public string? CommitFailure { get; private set; }

    /// <summary>Commits what searches see, recording its generation, unless the last commit already holds it.</summary>
    private void CommitDurably()
    {
        var generation = Volatile.Read(ref _visibleGeneration);
        lock (_writeLock)
        {
            // Every change up to this generation is in the commit; a later change of the same incident is newer.
            foreach (var id in _lastApplied.Where(kv => kv.Value <= generation).Select(kv => kv.Key).ToList()) _lastApplied.Remove(id);
        }
        // Not under the commit lock: searches go on being refreshed while this commit syncs to disk. Lucene takes one
        // commit at a time; the lock keeps each commit's data (its generation) with its commit.
        lock (_durableLock)
        {
            if (_disposed || (generation <= _committedGeneration && !_writer.HasUncommittedChanges())) return;
            try
            {
                SetCommitData(generation);
                _writer.Commit();
                _committedGeneration = generation;
                CommitFailure = null;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                CommitFailure = $"the index could not commit store generation {generation} to disk ({e.GetType().Name}: {e.Message})";
                _durableCommit.Change(DurableCommitDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void CommitLocked(long generation)
    {
        lock (_durableLock)
        {
            SetCommitData(generation);
            _writer.Commit();
            _committedGeneration = generation;
        }
    }

    private readonly System.Threading.Lock _durableLock = new();

    private void SetCommitData(long generation) => _writer.SetCommitData(IndexCommitData.For(generation, _taxonomy));

    public void Dispose()
    {
        if (_disposed) return;
        _durableCommitTimer?.Dispose();
        CommitDurably();
        lock (_durableLock) _disposed = true;
        Searchers.Dispose();
        _writer.Dispose();
        if (_ownsDirectory) _directory.Dispose();
    }
}
