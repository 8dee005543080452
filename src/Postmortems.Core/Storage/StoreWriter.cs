using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Postmortems.Core.Storage;

/// <summary>
/// The one thread that runs every write of the store, one after the other, for the life of the store.
/// LiteDB binds an explicit transaction to the thread that began it: when a rollback itself fails (the disk is
/// full), the transaction stays open on that thread, and only that thread can end it. With every write on this
/// thread, the next write (or <see cref="IncidentStore.ProbeWrites"/>) retries that rollback once there is room
/// again, instead of a pool thread keeping the transaction, and the incidents' lock, forever.
/// It also puts the store's changes in one order: generations are handed out, committed and announced in turn.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;

    public StoreWriter()
    {
        _thread = new Thread(Work) { IsBackground = true, Name = "Postmortems store writer" };
        _thread.Start();
    }

    public bool IsWriterThread => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="write"/> on the writer thread and waits for it; its exception is thrown here.</summary>
    public T Run<T>(Func<T> write)
    {
        if (IsWriterThread) return write();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        try
        {
            _queue.Add(() =>
            {
                try { result = write(); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
                finally { done.Set(); }
            });
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(IncidentStore), "The store is closed: nothing was written.");
        }
        done.Wait();
        failure?.Throw();
        return result;
    }

    public void Run(Action write) => Run(() => { write(); return true; });

    private void Work()
    {
        foreach (var write in _queue.GetConsumingEnumerable()) write();
    }

    /// <summary>Runs the writes already queued, then stops the thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        if (!IsWriterThread) _thread.Join();
        _queue.Dispose();
    }
}
