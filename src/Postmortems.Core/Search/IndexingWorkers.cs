using System.Collections.Concurrent;

namespace Postmortems.Core.Search;

/// <summary>
/// A few threads that turn items into index documents and hand them to the index writer, which takes documents from
/// several threads at once: analysing text is most of the cost of indexing, and one thread would leave the other
/// cores idle. Items with the same key always go to the same thread, in the order they were added.
/// </summary>
internal sealed class IndexingWorkers<T> : IDisposable
{
    private const int QueuedPerWorker = 64;

    private readonly BlockingCollection<T>[] _queues;
    private readonly Thread[] _threads;
    private readonly Action<T> _work;
    private readonly CancellationTokenSource _failed = new();
    private Exception? _failure;
    private bool _completed;

    public IndexingWorkers(Action<T> work, int? workers = null)
    {
        _work = work;
        var count = Math.Max(1, workers ?? Environment.ProcessorCount);
        _queues = [.. Enumerable.Range(0, count).Select(_ => new BlockingCollection<T>(QueuedPerWorker))];
        _threads = [.. _queues.Select((queue, i) => new Thread(() => Run(queue)) { IsBackground = true, Name = $"indexing {i + 1}" })];
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Queues an item, waiting while its worker is behind; throws the first worker's failure, if any.</summary>
    public void Add(T item, string key)
    {
        var queue = _queues[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_queues.Length)];
        try
        {
            queue.Add(item, _failed.Token);
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            throw new InvalidOperationException("Indexing failed", _failure);
        }
    }

    /// <summary>Waits for every queued item to be indexed; throws the first worker's failure, if any.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            _completed = true;
            foreach (var queue in _queues) queue.CompleteAdding();
            foreach (var thread in _threads) thread.Join();
        }
        if (_failure is not null) throw new InvalidOperationException("Indexing failed", _failure);
    }

    private void Run(BlockingCollection<T> queue)
    {
        try
        {
            foreach (var item in queue.GetConsumingEnumerable(_failed.Token)) _work(item);
        }
        catch (OperationCanceledException) when (_failed.IsCancellationRequested)
        {
            // Another worker failed: its exception is the one reported.
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            _failed.Cancel();
        }
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _failed.Cancel();
            _completed = true;
            foreach (var thread in _threads) thread.Join();
        }
        foreach (var queue in _queues) queue.Dispose();
        _failed.Dispose();
    }
}
