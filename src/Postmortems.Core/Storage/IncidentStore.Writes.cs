using LiteDB;
using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Storage;

/// <summary>The store's write path: every method here runs its LiteDB work on the writer thread.</summary>
public sealed partial class IncidentStore
{
    /// <summary>The batch whose transaction is open on the writer thread, if any (touched on the writer thread only).</summary>
    private SaveBatch? _openBatch;

    /// <summary>
    /// A rollback failed (the disk was full): LiteDB's transaction is left half undone and cannot be trusted, so the
    /// next write opens the database file again first (touched on the writer thread only).
    /// </summary>
    private Exception? _broken;

    /// <summary>
    /// Stores the document as a new revision of its incident, or does nothing when the text (or, for an import, the
    /// imported file) is unchanged. The caller validates; the store only needs a valid id. When it throws, nothing of
    /// this save is stored.
    /// </summary>
    /// <param name="expectedRevision">
    /// The revision the author started from (0 for a new incident); when the stored incident has moved on since,
    /// nothing is saved and <see cref="ConcurrentEditException"/> says who saved in between. Null skips the check.
    /// </param>
    /// <exception cref="DiskFullException">The disk holding the data directory is full.</exception>
    public SaveResult Save(IncidentDocument document, string author, ImportSource? import = null, int? expectedRevision = null)
    {
        var id = document.Incident.Id;
        if (id is null || !GapTaxonomy.Slug().IsMatch(id))
            throw new ArgumentException($"{document.File}: an incident needs a valid id to be stored (got '{id}')", nameof(document));

        ThrowIfReadOnly();
        var batch = BatchOfThisThread();
        long generation = 0;
        var result = _writer.Run(() =>
        {
            var saved = SaveOnWriter(document, id, author, import, expectedRevision, batch);
            generation = _generation;
            return saved;
        });
        if (batch is null && result.Outcome != SaveOutcome.Unchanged) Acknowledging?.Invoke(generation);
        return result;
    }

    private SaveResult SaveOnWriter(IncidentDocument document, string id, string author, ImportSource? import, int? expectedRevision, SaveBatch? batch)
    {
        // Another thread's save does not wait for a running import to fill its batch: what the batch saved so far is
        // committed first, and the import's next save opens a new transaction.
        if (batch is null) CommitOpenBatch();
        if (batch is null || _openBatch != batch) BeginTransaction();
        _openBatch = batch;
        var writing = false;
        try
        {
            var existing = _incidents.FindById(id);
            if (expectedRevision is { } expected && (existing?.Revision ?? 0) != expected)
            {
                if (batch is null) RollBack();
                throw new ConcurrentEditException(id, expected, existing);
            }
            var sameImport = import is not null && existing?.SourceSha256 == import.Sha256 && existing.Source == import.Path;
            if (existing is not null && (sameImport || existing.Markdown == document.Text))
            {
                if (batch is null) RollBack();
                return new SaveResult(id, SaveOutcome.Unchanged, existing.Revision);
            }

            var now = _clock.GetUtcNow();
            var record = ToRecord(document, id);
            // A deleted incident saved again goes on from its last revision, so that revision numbers never repeat.
            record.Revision = (existing?.Revision ?? LastRevisionNumber(id)) + 1;
            // The generation this save's commit records: a batch commits its saves together, each counting one.
            record.Generation = _generation + 1 + (batch?.Saved.Count ?? 0);
            record.CreatedAt = existing?.CreatedAt ?? now;
            record.UpdatedAt = now;
            record.UpdatedBy = author;
            record.Source = import?.Path ?? existing?.Source;
            record.SourceSha256 = import?.Sha256 ?? existing?.SourceSha256;
            record.SourceFormat = import?.Format ?? existing?.SourceFormat;
            record.Suggestions = import is not null ? [.. import.Suggestions] : existing?.Suggestions ?? [];
            writing = true;
            if (existing is null) _incidents.Insert(record);
            else _incidents.Update(record);
            if (import?.Bytes is { } bytes)
                _originals.Upsert(new OriginalFile { Id = id, Path = import.Path, Sha256 = import.Sha256, Bytes = bytes });
            _revisions.Insert(new Revision { IncidentId = id, Number = record.Revision, Author = author, At = now, Markdown = document.Text });
            _reports.Saved(record, existing is null);
            var result = new SaveResult(id, existing is null ? SaveOutcome.Created : SaveOutcome.Updated, record.Revision);
            if (batch is not null)
            {
                batch.Saved.Add((record, document));
                if (batch.Saved.Count >= batch.Size) CommitOpenBatch();
                return result;
            }
            CommitChanges(1);
            Saved?.Invoke(record, document);
            return result;
        }
        catch (Exception error) when (batch is null || writing)
        {
            // A save that failed half-written cannot be taken out of the batch's transaction alone: the batch is lost,
            // exactly as if the process had stopped before committing it; the saves committed before it stay.
            batch?.Saved.Clear();
            _openBatch = null;
            RollBack();
            if (DiskFullException.IsDiskFull(error) && error is not DiskFullException) throw new DiskFullException(DataDirectory, error);
            throw;
        }
    }

    /// <summary>Begins the transaction of one write, first opening the database again when a failed rollback broke it.</summary>
    private void BeginTransaction()
    {
        if (_broken is not null) Reopen();
        if (!_database.BeginTrans()) throw new InvalidOperationException("A store transaction is already open on the store's writer thread");
    }

    /// <summary>
    /// Rolls the open transaction back. A rollback can need the disk too (LiteDB gives back the pages the transaction
    /// took); when that fails, the database is marked broken and the next write opens it again, so the failure that
    /// led here is the one the caller hears about.
    /// </summary>
    private void RollBack()
    {
        try
        {
            _database.Rollback();
        }
        catch (Exception error) when (error is IOException or LiteException)
        {
            _broken = error;
        }
    }

    /// <summary>
    /// Closes the broken database and opens the file again: LiteDB then keeps only the transactions that were
    /// committed (their log pages are confirmed), so the failed write leaves nothing behind. While the disk is
    /// still full, opening fails too, and the store stays broken until a later write finds room.
    /// </summary>
    private void Reopen()
    {
        BrokenTransactions.Forget(_database);
        try
        {
            _database.Dispose();
        }
        catch (Exception error) when (error is IOException or LiteException or InvalidOperationException)
        {
            // Its transaction was already half undone; what matters is the file, which the next open reads from scratch.
        }
        try
        {
            OpenDatabase();
            _broken = null;
            _generation = _meta.FindById(GenerationKey)?["value"].AsInt64 ?? 0;
        }
        catch (Exception error) when (DiskFullException.IsDiskFull(error))
        {
            throw new DiskFullException(DataDirectory, error);
        }
    }

    /// <summary>At close: a batch not ended is lost, as in a crash.</summary>
    private void RollBackAnyOpenBatch()
    {
        if (_openBatch is null || _broken is not null) return;
        _openBatch = null;
        RollBack();
    }

    /// <summary>
    /// Opens the database again when a failed write broke it, if there is room now. The store's readiness check
    /// calls it, so that a store whose disk was full takes writes again once space is freed, even before the next
    /// write. Returns the failure that broke it, or null when writes can go on.
    /// </summary>
    public Exception? ProbeWrites() => _writer.Run(() =>
    {
        if (_broken is null) return null;
        try
        {
            Reopen();
            return null;
        }
        catch (Exception error) when (error is IOException or LiteException)
        {
            return error;
        }
    });

    /// <summary>Writes the next generation in the open transaction and commits it: the number and the change are one.</summary>
    private void CommitChanges(int changes)
    {
        var generation = _generation + changes;
        _meta.Upsert(new BsonDocument { ["_id"] = GenerationKey, ["value"] = new BsonValue(generation) });
        _database.Commit();
        Interlocked.Exchange(ref _generation, generation);
    }

    /// <summary>
    /// Saves on this thread share one transaction per <paramref name="size"/> changed incidents until the batch is
    /// disposed: an import of thousands of files would otherwise commit (and sync to disk) once per file.
    /// The unit of safety is a committed batch: when the process stops, every batch committed before stays and the
    /// saves of the open one are gone, so an import run again takes them (unchanged files are skipped).
    /// <see cref="Saved"/> is raised for a batch's incidents once it is committed. A save from another thread
    /// commits what the batch saved so far, then goes on in its own transaction.
    /// </summary>
    public IDisposable Batch(int size = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ThrowIfReadOnly();
        var batch = new SaveBatch(this, Environment.CurrentManagedThreadId, size);
        if (Interlocked.CompareExchange(ref _batch, batch, null) is not null)
            throw new InvalidOperationException("A batch of saves is already open on this store");
        return batch;
    }

    private SaveBatch? BatchOfThisThread() => _batch is { } batch && batch.Thread == Environment.CurrentManagedThreadId ? batch : null;

    /// <summary>Commits the batch whose transaction is open, if any, and announces its saves.</summary>
    private void CommitOpenBatch()
    {
        if (_openBatch is not { } batch) return;
        _openBatch = null;
        var saved = batch.Saved.ToList();
        batch.Saved.Clear();
        try
        {
            if (saved.Count > 0) CommitChanges(saved.Count);
            else RollBack();
        }
        catch (Exception error)
        {
            RollBack();
            if (DiskFullException.IsDiskFull(error)) throw new DiskFullException(DataDirectory, error);
            throw;
        }
        foreach (var (record, document) in saved) Saved?.Invoke(record, document);
        // A batch's saves are visible once it is committed, like any other save.
        if (saved.Count > 0) Acknowledging?.Invoke(_generation);
    }

    private void EndBatch(SaveBatch batch)
    {
        if (Environment.CurrentManagedThreadId != batch.Thread)
            throw new InvalidOperationException("A batch of saves must end on the thread that started it");
        try
        {
            _writer.Run(() =>
            {
                if (_openBatch == batch) CommitOpenBatch();
            });
        }
        finally
        {
            _batch = null;
        }
    }

    private sealed class SaveBatch(IncidentStore store, int thread, int size) : IDisposable
    {
        private bool _ended;
        public int Thread { get; } = thread;
        public int Size { get; } = size;
        public List<(StoredIncident Record, IncidentDocument Document)> Saved { get; } = [];

        public void Dispose()
        {
            if (_ended) return;
            _ended = true;
            store.EndBatch(this);
        }
    }

    /// <summary>
    /// Deletes an incident and its original file; its revisions stay, with one more that records who deleted it.
    /// Returns false when there is no such incident.
    /// </summary>
    /// <exception cref="DiskFullException">The disk holding the data directory is full.</exception>
    public bool Delete(string id, string author)
    {
        ThrowIfReadOnly();
        long generation = 0;
        var deleted = _writer.Run(() =>
        {
            CommitOpenBatch();
            BeginTransaction();
            try
            {
                var existing = _incidents.FindById(id);
                if (existing is null)
                {
                    RollBack();
                    return false;
                }
                _incidents.Delete(id);
                _originals.Delete(id);
                _reports.Deleted(id);
                _revisions.Insert(new Revision { IncidentId = id, Number = existing.Revision + 1, Author = author, At = _clock.GetUtcNow(), Markdown = "", Deleted = true });
                CommitChanges(1);
            }
            catch (Exception error)
            {
                RollBack();
                if (DiskFullException.IsDiskFull(error)) throw new DiskFullException(DataDirectory, error);
                throw;
            }
            generation = _generation;
            Deleted?.Invoke(id);
            return true;
        });
        if (deleted) Acknowledging?.Invoke(generation);
        return deleted;
    }

    /// <summary>
    /// Runs another store's write (accounts, tokens) on the writer thread, in a transaction of its own, with the same
    /// handling of a full disk as a save.
    /// </summary>
    /// <exception cref="DiskFullException">The disk holding the data directory is full: nothing was written.</exception>
    internal T Write<T>(Func<T> write) => _writer.Run(() =>
    {
        CommitOpenBatch();
        BeginTransaction();
        try
        {
            var result = write();
            _database.Commit();
            return result;
        }
        catch (Exception error)
        {
            RollBack();
            if (DiskFullException.IsDiskFull(error) && error is not DiskFullException) throw new DiskFullException(DataDirectory, error);
            throw;
        }
    });

    internal void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    /// <summary>
    /// Runs a read on the writer thread once any open batch is committed, so that no write happens while it runs: what
    /// it reads is one moment of the store (a backup's last attempt, when saves kept coming in during the others).
    /// </summary>
    internal T WhileNoWrites<T>(Func<T> read) => _writer.Run(() =>
    {
        CommitOpenBatch();
        return read();
    });

    public void MarkSeeded(string contentDirectory) => _writer.Run(() =>
    {
        CommitOpenBatch();
        _meta.Upsert(new BsonDocument { ["_id"] = SeededKey, ["from"] = contentDirectory, ["at"] = _clock.GetUtcNow().UtcDateTime });
    });
}
