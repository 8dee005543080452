using System.Globalization;
using Lucene.Net.Index;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Search;

/// <summary>The index's write side: changes, group commits, batches and whole replacements.</summary>
public sealed partial class SearchIndex
{
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
        var lucene = ToLucene(document); // analysed outside the locks: that is most of the cost, and saves run it in parallel
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
            _searchers.MaybeRefreshBlocking();
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

    /// <summary>
    /// Adds or replaces one incident inside a <see cref="Batch"/>, from any number of threads at once (the text is
    /// analysed on the calling thread, outside the index's lock). Updates of one incident must come from one thread.
    /// </summary>
    public void UpdateInBatch(SearchDocument document, long generation)
    {
        if (Volatile.Read(ref _batchDepth) == 0) throw new InvalidOperationException("UpdateInBatch needs an open batch");
        _writer.UpdateDocument(new Term(SearchFields.Id, document.Id), ToLucene(document));
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
            _searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _visibleGeneration, Math.Max(_visibleGeneration, committed));
        }
    }

    private sealed class BatchScope(SearchIndex index) : IDisposable
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
                    using (var workers = new IndexingWorkers<T>(source => _writer.AddDocument(ToLucene(toDocument(source)))))
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
            _searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _visibleGeneration, generation);
        }
        return count;
    }

    /// <summary>
    /// The gap ids and their aliases: incidents are indexed under a renamed gap's current id, so an index written with
    /// another taxonomy is stale.
    /// </summary>
    public static string TaxonomyFingerprint(GapTaxonomy? taxonomy) =>
        taxonomy is null ? "none" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', taxonomy.Gaps.OrderBy(g => g.Id, StringComparer.Ordinal).Select(g => $"{g.Id}:{string.Join(',', g.Aliases.Order(StringComparer.Ordinal))}")))))[..16];

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

    private void SetCommitData(long generation)
    {
        _writer.SetCommitData(new Dictionary<string, string>
        {
            [SchemaKey] = SearchFields.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            [GenerationKey] = generation.ToString(CultureInfo.InvariantCulture),
            [TaxonomyKey] = TaxonomyFingerprint(_taxonomy),
        });
    }
}
