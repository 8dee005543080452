using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Postmortems.Core.Search;

/// <summary>
/// An index file damaged on disk (cut short, garbled) is only found when a query reads it. Then the index is rebuilt
/// from the store in the background, and meanwhile a search answers no hits with a message that says so (similar
/// incidents: none; the design check: <see cref="IndexRebuildingException"/>), never an error: the store is the
/// source of truth and the index is derived from it.
/// </summary>
public sealed partial class IncidentIndex
{
    private int _repairing;
    private Task _repair = Task.CompletedTask;

    /// <summary>True while a rebuild started by a damaged index file runs.</summary>
    public bool IsRebuilding => Volatile.Read(ref _repairing) == 1;

    /// <summary>
    /// Raised on the rebuild's own thread when a damaged index file starts a rebuild, with what the query met, before
    /// the rebuild reads the store: to log it, or for a test to hold the rebuild while it looks at the app meanwhile.
    /// </summary>
    public event Action<Exception>? RepairStarting;

    private T Guarded<T>(Func<T> query, Func<IndexRebuildingException, T> whileRebuilding)
    {
        if (IsRebuilding) return whileRebuilding(new IndexRebuildingException());
        try
        {
            return query();
        }
        catch (Exception e) when (IsDamagedIndex(e))
        {
            StartRepair(e);
            return whileRebuilding(new IndexRebuildingException(e));
        }
    }

    /// <summary>What Lucene throws when a file of the index is not what its commit says: cut short, or garbled.</summary>
    public static bool IsDamagedIndex(Exception e) =>
        e is CorruptIndexException or EndOfStreamException or IndexFormatTooOldException or IndexFormatTooNewException
            || e is IOException && e is not LockObtainFailedException && e.Message.Contains("read past EOF", StringComparison.OrdinalIgnoreCase);

    private void StartRepair(Exception damage)
    {
        if (Interlocked.CompareExchange(ref _repairing, 1, 0) != 0) return;
        _repair = Task.Run(() =>
        {
            try
            {
                RepairStarting?.Invoke(damage);
                // Replacing every document drops the damaged segments: nothing of them is read again.
                Rebuild();
            }
            finally
            {
                Volatile.Write(ref _repairing, 0);
            }
        });
    }

    /// <summary>Waits for a rebuild started by a damaged index file, if one runs; false when it is still running after the timeout.</summary>
    public bool WaitForRebuild(TimeSpan timeout)
    {
        try
        {
            return _repair.Wait(timeout);
        }
        catch (AggregateException)
        {
            // A rebuild that failed has ended; the next query that meets the damage starts another.
            return true;
        }
    }
}

/// <summary>A query met a damaged index file: the index is being rebuilt from the store, and searches work again once it is.</summary>
public sealed class IndexRebuildingException(Exception? cause = null)
    : Exception("A file of the search index was found damaged, so the search index is being rebuilt from the store; search again in a moment. " +
                "Nothing stored is lost: the incidents themselves can still be opened.", cause);
