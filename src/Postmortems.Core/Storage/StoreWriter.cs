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
    // A plain queue under a monitor rather than a BlockingCollection and a ManualResetEventSlim: both spin before they
    // block, and with every save waiting on this thread, that spinning took a third of a core from the saves themselves.
    private readonly Queue<Action> _queue = new();
    private bool _closed;
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
        var done = false;
        var signal = new object();
        Enqueue(() =>
        {
            try { result = write(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            finally
            {
                lock (signal)
                {
                    done = true;
                    Monitor.Pulse(signal);
                }
            }
        });
        lock (signal)
        {
            while (!done) Monitor.Wait(signal);
        }
        failure?.Throw();
        return result;
    }

    private void Enqueue(Action write)
    {
        lock (_queue)
        {
            if (_closed) throw new ObjectDisposedException(nameof(IncidentStore), "The store is closed: nothing was written.");
            _queue.Enqueue(write);
            Monitor.Pulse(_queue);
        }
    }

    public void Run(Action write) => Run(() => { write(); return true; });

    private void Work()
    {
        while (true)
        {
            Action write;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_closed) return;
                    Monitor.Wait(_queue);
                }
                write = _queue.Dequeue();
            }
            write();
        }
    }

    /// <summary>Runs the writes already queued, then stops the thread.</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            Monitor.PulseAll(_queue);
        }
        if (!IsWriterThread) _thread.Join();
    }
}
