using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>
/// Group commit for one store: writes queued while a transaction is running go together into the next one, so the
/// cost of a durable commit is shared by every grain waiting on it. One transaction runs at a time, in queue order,
/// which gives the silo prefix durability: a write is never durable before a write queued ahead of it. Grains can
/// therefore answer each other before their writes are durable (a caller's own later write depends on the callee's
/// earlier one), and only answers that leave the silo wait for <see cref="WhenDurable"/>.
/// </summary>
internal sealed class GroupCommitter(IRuntimeStore store, int maxBatchSize, RuntimeInstruments instruments, ILogger logger)
{
    private readonly object _lock = new();
    private readonly List<PendingWrite> _pending = [];
    private readonly List<(long Sequence, TaskCompletionSource Completion)> _waiters = [];
    private long _queued;
    private long _finished;
    private bool _running;

    /// <summary>
    /// Fired when a batch failed, after the writes queued behind it were failed too and before any of them is
    /// answered: a call that was running meanwhile may depend on them.
    /// </summary>
    public event Action<StorageUnavailableException>? Failed;

    /// <summary>Fired after a batch commits, with the writes that committed (stream agents wake on it).</summary>
    public event Action<IReadOnlyList<StoreWrite>>? Committed;

    public string StoreName => store.Name;

    /// <summary>True when every write queued so far has finished (committed or failed).</summary>
    public bool IsCaughtUp => Volatile.Read(ref _finished) == Volatile.Read(ref _queued);

    public void Enqueue(PendingWrite write)
    {
        bool start;
        lock (_lock)
        {
            write.Sequence = ++_queued;
            _pending.Add(write);
            start = !_running;
            _running = true;
        }

        if (start)
        {
            _ = Task.Run(FlushLoopAsync);
        }
    }

    /// <summary>
    /// Completes when every write queued before this call is durable; faults (<see cref="StorageUnavailableException"/>)
    /// if a batch fails meanwhile.
    /// </summary>
    public Task WhenDurable()
    {
        lock (_lock)
        {
            if (_finished == _queued)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_queued, waiter));
            return waiter.Task;
        }
    }

    private async Task FlushLoopAsync()
    {
        while (true)
        {
            PendingWrite[] batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _running = false;
                    return;
                }

                var take = Math.Min(_pending.Count, maxBatchSize);
                batch = [.. _pending.GetRange(0, take)];
                _pending.RemoveRange(0, take);
            }

            var writes = new StoreWrite[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                // From here on a writer can no longer fold its change into this write: it queues a new one.
                writes[i] = batch[i].Take();
            }

            var started = Stopwatch.GetTimestamp();
            StorageUnavailableException? failure = null;
            try
            {
                await store.WriteAsync(writes, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                RuntimeLog.StorageBatchFailed(logger, batch.Length, store.Name, exception);
                failure = new StorageUnavailableException(store.Name, exception);
            }

            instruments.StorageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("storage", store.Name));
            instruments.StorageBatchSize.Record(batch.Length, new KeyValuePair<string, object?>("storage", store.Name));
            var failed = failure is null ? [] : FailQueued(failure);
            if (failure is not null)
            {
                Failed?.Invoke(failure);
            }

            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].Complete(failure is null ? writes[i] : null, failure);
            }

            foreach (var write in failed)
            {
                write.Complete(null, failure);
            }

            if (failure is null)
            {
                Committed?.Invoke(writes);
            }

            ReleaseWaiters(failed.Length > 0 ? failed[^1].Sequence : batch[^1].Sequence, failure);
        }
    }

    /// <summary>
    /// After a failed batch, the writes queued behind it may depend on what it carried (a reservation an order's
    /// write refers to), so none of them may commit either.
    /// </summary>
    private PendingWrite[] FailQueued(Exception failure)
    {
        lock (_lock)
        {
            PendingWrite[] failed = [.. _pending];
            _pending.Clear();
            foreach (var write in failed)
            {
                write.Take();
            }

            if (failed.Length > 0)
            {
                RuntimeLog.StorageBatchFailed(logger, failed.Length, store.Name, failure);
            }

            return failed;
        }
    }

    /// <summary>
    /// Completes the waiters whose writes have all finished. After a failure every waiter fails: each was waiting for
    /// a range of writes that contains the failed ones, and its answer may depend on them.
    /// </summary>
    private void ReleaseWaiters(long finished, Exception? failure)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            _finished = finished;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (failure is not null || _waiters[i].Sequence <= finished)
                {
                    (ready ??= []).Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }

        if (ready is not null)
        {
            foreach (var waiter in ready)
            {
                if (failure is null)
                {
                    waiter.TrySetResult();
                }
                else
                {
                    waiter.TrySetException(failure);
                }
            }
        }
    }
}
