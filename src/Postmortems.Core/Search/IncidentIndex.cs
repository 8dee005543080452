using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Postmortems.Core.Format;
using Postmortems.Core.Search.Lucene;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Postmortems.Core.Search;

/// <summary>
/// The store's search index, in <c>&lt;data directory&gt;/index</c>: one per process, for the life of the process.
/// At open it is rebuilt from the store when it is missing, unreadable, written by another schema version, at
/// another store generation than the store's, or holding another number of incidents. Then every save the store
/// reports is announced on the store's writer thread and analysed on the saving thread, and the save returns once a
/// near-real-time refresh shared with the concurrent saves made it searchable; a durable Lucene commit follows
/// within <see cref="SearchIndex.DurableCommitDelay"/>. The store stays the source of truth: a commit records the
/// generation it holds, so after a crash the next start finds the index behind and rebuilds it.
/// </summary>
public sealed partial class IncidentIndex : IDisposable
{
    public const string FolderName = "index";

    private readonly IncidentStore _store;
    private readonly GapTaxonomy? _taxonomy;
    private readonly SearchIndex _index;

    /// <param name="forceRebuild">Rebuild even when the index is current (<c>postmortems reindex</c>).</param>
    /// <param name="progress">Reports each incident of a rebuild, if there is one.</param>
    public IncidentIndex(IncidentStore store, GapTaxonomy? taxonomy = null, bool forceRebuild = false, IProgress<FileProgress>? progress = null)
    {
        _store = store;
        _taxonomy = taxonomy;
        Path = System.IO.Path.Combine(store.DataDirectory, FolderName);

        var reason = forceRebuild ? "a rebuild was asked for" : StaleReason(Path, store.Generation, taxonomy, store.Count());
        var behindFrom = reason is null || forceRebuild ? null : GenerationToCatchUpFrom(Path, store, taxonomy);
        _index = Open(Path, create: reason is not null && reason != Missing && behindFrom is null, taxonomy, ref reason);
        // Subscribe before rebuilding: a save during the rebuild is then indexed again after it, never lost.
        _store.Saved += OnSaved;
        _store.Deleted += OnDeleted;
        _store.Acknowledging += OnAcknowledging;
        if (behindFrom is { } from && reason is not null)
        {
            CaughtUpBecause = reason;
            reason = CatchUp(from);
        }
        if (reason is not null)
        {
            RebuiltBecause = reason;
            try
            {
                Rebuild(progress);
            }
            catch (Exception e) when (store.EnterReadOnlyIfDamaged(e))
            {
                // The store found its file damaged and now reads what could be salvaged: index that. The failed
                // rebuild was rolled back, which closes Lucene's writer, so the index is opened again.
                _index.Dispose();
                _index = Open(Path, create: true, taxonomy, ref reason);
                Rebuild(progress);
            }
        }
    }

    private const string Missing = "there was no index";

    /// <summary>
    /// Why the index was behind the store when it was opened and was brought up to date by indexing only the incidents
    /// saved since its last commit (what a crash within a second of saves leaves); null when it was not.
    /// </summary>
    public string? CaughtUpBecause { get; }

    /// <summary>How many incidents catching up indexed again.</summary>
    public int CaughtUp { get; private set; }

    /// <summary>
    /// The generation an index can catch up from: it is of this schema and taxonomy and only behind the store. Null
    /// when it must be rebuilt instead (or cannot be read: opening it finds that out).
    /// </summary>
    private static long? GenerationToCatchUpFrom(string path, IncidentStore store, GapTaxonomy? taxonomy)
    {
        if (!System.IO.Directory.Exists(path)) return null;
        try
        {
            using var directory = FSDirectory.Open(path);
            if (LastCommitData(directory) is not { } data || IncompatibleBecause(data, taxonomy) is not null) return null;
            return data.TryGetValue(IndexCommitData.GenerationKey, out var g) && long.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
                && generation < store.Generation && generation >= store.GenerationsRecordedFrom
                ? generation
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static IDictionary<string, string>? LastCommitData(LuceneDirectory directory) =>
        DirectoryReader.IndexExists(directory) ? DirectoryReader.ListCommits(directory)[^1].UserData : null;

    /// <summary>Why an index written with this commit data cannot serve at all (another schema or taxonomy), or null.</summary>
    private static string? IncompatibleBecause(IDictionary<string, string> data, GapTaxonomy? taxonomy)
    {
        var schema = data.TryGetValue(IndexCommitData.SchemaKey, out var s) ? s : "none";
        if (schema != SearchFields.SchemaVersion.ToString(CultureInfo.InvariantCulture))
            return $"it was written by schema version {schema}, not {SearchFields.SchemaVersion}";
        if (taxonomy is not null && (data.TryGetValue(IndexCommitData.TaxonomyKey, out var t) ? t : "none") != IndexCommitData.TaxonomyFingerprint(taxonomy))
            return "the gap taxonomy changed (a gap was added, renamed or given an alias)";
        return null;
    }

    /// <summary>
    /// Indexes the incidents saved after <paramref name="generation"/> and commits at the store's generation. A
    /// deletion since then leaves no incident to read, so the counts then differ: returns why the index must be rebuilt,
    /// or null once it matches the store.
    /// </summary>
    private string? CatchUp(long generation)
    {
        var target = _store.Generation;
        try
        {
            using (_index.Batch())
            {
                foreach (var incident in _store.ChangedAfter(generation))
                {
                    _index.UpdateInBatch(SearchDocument.From(incident, _taxonomy), target);
                    CaughtUp++;
                }
            }
            if (CaughtUp == 0) return $"it reflects store generation {generation}, and the store is at {target} after deletions only";
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return $"it could not catch up from store generation {generation} ({e.GetType().Name}: {e.Message})";
        }
        var count = _store.Count();
        return _index.Count == count && _index.Generation == target
            ? null
            : $"it holds {_index.Count} incidents after catching up from store generation {generation}, and the store holds {count}";
    }

    /// <summary>Where the index lives.</summary>
    public string Path { get; }

    /// <summary>Why the index was rebuilt when it was opened, or null when it was current.</summary>
    public string? RebuiltBecause { get; }

    public int Count => _index.Count;

    public long Generation => _index.Generation;

    /// <summary>
    /// Why the index is behind the store, when a change could not be applied or committed (the disk was full, ...);
    /// null when it follows the store. The store's saves are not failed for it: the index is derived data, and a
    /// restart rebuilds it (its recorded generation never claims a change it lacks).
    /// </summary>
    public string? Failure => _failure ?? _index.CommitFailure;

    private string? _failure;

    public SearchResult Search(SearchRequest request) => Guarded(() => _index.Search(request), rebuilding => SearchResult.Empty(rebuilding.Message));

    public SearchResult Search(string query, int limit = 10) => Search(new SearchRequest(query, limit));

    public IReadOnlyList<SimilarIncident> Similar(string id, int limit = 5) => Guarded(() => _index.Similar(id, limit), _ => []);

    private readonly System.Threading.Lock _batchLock = new();
    private IndexingWorkers<(StoredIncident Incident, IncidentDocument Document, long Generation)>? _workers;
    private int _batchDepth;

    /// <summary>
    /// Many saves, one index commit (see <see cref="SearchIndex.Batch"/>); meanwhile the saved incidents are read and
    /// analysed on every core while the saving thread goes on. When the batch ends, every save is in the index.
    /// </summary>
    public IDisposable Batch()
    {
        var indexBatch = _index.Batch();
        lock (_batchLock)
        {
            if (_batchDepth++ == 0)
                _workers = new(work => _index.UpdateInBatch(SearchDocument.From(work.Incident, work.Document, _taxonomy), work.Generation));
        }
        return new BatchScope(this, indexBatch);
    }

    private void EndBatch(IDisposable indexBatch)
    {
        try
        {
            // Completed under the lock: a save from another thread waits, then goes straight to the index, so it can
            // neither reach a finished queue nor be overtaken by an older queued version of the same incident.
            lock (_batchLock)
            {
                if (--_batchDepth != 0 || _workers is not { } workers) return;
                _workers = null;
                using (workers) workers.Complete();
            }
        }
        finally
        {
            indexBatch.Dispose();
        }
    }

    private sealed class BatchScope(IncidentIndex index, IDisposable indexBatch) : IDisposable
    {
        private bool _ended;

        public void Dispose()
        {
            if (_ended) return;
            _ended = true;
            index.EndBatch(indexBatch);
        }
    }

    /// <inheritdoc cref="SearchIndex.SimilarToText"/>
    public IReadOnlyList<SimilarIncident> SimilarToText(string text, int limit = 5, string? excludeId = null) => Guarded(() => _index.SimilarToText(text, limit, excludeId), _ => []);

    /// <inheritdoc cref="SearchIndex.MatchText"/>
    public TextMatches MatchText(string text, int limit = 5) => Guarded(() => _index.MatchText(text, limit), rebuilding => throw rebuilding);

    /// <summary>Indexes every incident of the store again, in one commit; returns how many.</summary>
    public int Rebuild(IProgress<FileProgress>? progress = null)
    {
        var generation = _store.Generation;
        var total = _store.Count();
        var count = _index.Replace(_store.All(), incident => SearchDocument.From(incident, _taxonomy), incident => incident.Id, generation, progress, total);
        _failure = null;
        return count;
    }

    // Raised on the store's writer thread, in generation order; the change is applied and committed in OnAcknowledging.
    private void OnSaved(StoredIncident incident, IncidentDocument document)
    {
        var generation = _store.Generation;
        lock (_batchLock)
        {
            if (_workers is { } workers)
            {
                workers.Add((incident, document, generation), incident.Id);
                return;
            }
        }
        // Only announced here: the saving thread analyses the text (OnAcknowledging), so saves do not queue for it.
        _index.Reserve(generation, () => SearchDocument.From(incident, document, _taxonomy));
    }

    private void OnDeleted(string id)
    {
        var generation = _store.Generation;
        Follow(generation, () => _index.ApplyDelete(id, generation));
    }

    private void OnAcknowledging(long generation)
    {
        Follow(generation, () => _index.ApplyReserved(generation));
        try
        {
            _index.CommitThrough(generation);
            if (_index.Generation >= generation) _failure = null;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _failure = $"the index could not commit store generation {generation} ({e.GetType().Name}: {e.Message})";
        }
    }

    private void Follow(long generation, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _index.MarkMissed(generation);
            _failure = $"the index missed store generation {generation} ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>Why an index folder cannot be used as it is, or null when it is current.</summary>
    /// <param name="storeCount">How many incidents the store holds, when known: an index holding another number is stale.</param>
    public static string? StaleReason(string path, long storeGeneration, GapTaxonomy? taxonomy = null, int? storeCount = null)
    {
        if (!System.IO.Directory.Exists(path)) return Missing;
        IncidentCodec.Register();
        try
        {
            using var directory = FSDirectory.Open(path);
            if (LastCommitData(directory) is not { } data) return Missing;
            if (IncompatibleBecause(data, taxonomy) is { } incompatible) return incompatible;
            var generation = data.TryGetValue(IndexCommitData.GenerationKey, out var g) ? g : "none";
            if (generation != storeGeneration.ToString(CultureInfo.InvariantCulture))
                return $"it reflects store generation {generation}, and the store is at {storeGeneration}";
            if (storeCount is { } expected)
            {
                using var reader = DirectoryReader.Open(directory);
                if (reader.NumDocs != expected)
                    return $"it holds {reader.NumDocs} incidents at store generation {generation}, and the store holds {expected}";
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException && e is not LockObtainFailedException)
        {
            return $"it could not be read ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>Opens the index, or, when its files cannot be opened, deletes them and starts an empty one.</summary>
    private static SearchIndex Open(string path, bool create, GapTaxonomy? taxonomy, ref string? reason)
    {
        System.IO.Directory.CreateDirectory(path);
        var directory = Cached(FSDirectory.Open(path));
        try
        {
            return new SearchIndex(directory, create, taxonomy);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException && e is not LockObtainFailedException)
        {
            directory.Dispose();
            reason ??= $"it could not be opened ({e.GetType().Name}: {e.Message})";
            System.IO.Directory.Delete(path, recursive: true);
            System.IO.Directory.CreateDirectory(path);
            return new SearchIndex(Cached(FSDirectory.Open(path)), create: true, taxonomy);
        }
    }

    /// <summary>
    /// The small segments that every group of saves flushes stay in memory until a commit or a merge writes them out:
    /// a save then costs no file of its own (Lucene's near-real-time recipe).
    /// </summary>
    private static NRTCachingDirectory Cached(FSDirectory directory) => new(directory, maxMergeSizeMB: 4, maxCachedMB: 48);

    public void Dispose()
    {
        _store.Saved -= OnSaved;
        _store.Deleted -= OnDeleted;
        _store.Acknowledging -= OnAcknowledging;
        _index.Dispose();
    }
}
