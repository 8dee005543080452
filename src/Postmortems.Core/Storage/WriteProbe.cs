using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>A write that proves the store can write: what a readiness check asks before a load balancer sends writes here.</summary>
public sealed partial class IncidentStore
{
    /// <summary>The meta record the probe rewrites: its own key, so that it never touches an incident or the generation.</summary>
    public const string WriteProbeKey = "write-probe";

    /// <summary>
    /// Commits a tiny meta record through the writer thread, as a save would (first opening the database again when a
    /// failed write broke it): when the disk holding the data directory is full, or the file is damaged, this fails
    /// as the next save would. Returns that failure (<see cref="DiskFullException"/> for a full disk,
    /// <see cref="StoreReadOnlyException"/> for a damaged store), or null when the store writes.
    /// The generation is not changed: nothing derived from the incidents is stale after a probe.
    /// </summary>
    public Exception? ProbeWithWrite()
    {
        if (Damage is { } damage) return new StoreReadOnlyException(damage.Message);
        var failure = _writer.Run(() =>
        {
            try
            {
                if (_broken is not null) Reopen();
                // A batch open on another thread is committed first, as a save from outside the batch does.
                CommitOpenBatch();
                BeginTransaction();
                try
                {
                    _meta.Upsert(new BsonDocument { ["_id"] = WriteProbeKey, ["at"] = _clock.GetUtcNow().UtcDateTime });
                    _database.Commit();
                }
                catch
                {
                    RollBack();
                    throw;
                }
                return null;
            }
            catch (Exception error) when (error is IOException or LiteException or InvalidOperationException)
            {
                return DiskFullException.IsDiskFull(error) && error is not DiskFullException ? new DiskFullException(DataDirectory, error) : error;
            }
        });
        if (failure is not null && EnterReadOnlyIfDamaged(failure) && Damage is { } found) return new StoreReadOnlyException(found.Message);
        return failure;
    }
}
