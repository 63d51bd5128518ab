using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>
/// Group commit for one store: writes queued while a transaction is running go together into the next one, so the
/// cost of a durable commit is shared by every grain waiting on it. No writer is answered before its transaction
/// has committed.
/// </summary>
internal sealed class GroupCommitter(IRuntimeStore store, int maxConcurrentBatches, int maxBatchSize, RuntimeInstruments instruments, ILogger logger)
{
    private readonly object _lock = new();
    private readonly List<PendingWrite> _pending = [];
    private TaskCompletionSource? _drained;
    private int _running;

    /// <summary>Fired after a batch commits, with the writes that committed (stream agents wake on it).</summary>
    public event Action<IReadOnlyList<StoreWrite>>? Committed;

    public string StoreName => store.Name;

    public void Enqueue(PendingWrite write)
    {
        bool start;
        lock (_lock)
        {
            _pending.Add(write);
            start = _running < maxConcurrentBatches;
            if (start)
            {
                _running++;
            }
        }

        if (start)
        {
            _ = Task.Run(FlushLoopAsync);
        }
    }

    /// <summary>Completes when nothing is queued or being written.</summary>
    public Task DrainAsync()
    {
        lock (_lock)
        {
            if (_running == 0 && _pending.Count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
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
                    _running--;
                    if (_running == 0 && _drained is { } drained)
                    {
                        _drained = null;
                        drained.TrySetResult();
                    }

                    return;
                }

                var take = Math.Min(_pending.Count, maxBatchSize);
                batch = [.. _pending.GetRange(0, take)];
                _pending.RemoveRange(0, take);
            }

            var writes = new StoreWrite[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                writes[i] = batch[i].ToStoreWrite();
            }

            var started = Stopwatch.GetTimestamp();
            Exception? failure = null;
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
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].Complete(failure is null ? writes[i] : null, failure);
            }

            if (failure is null)
            {
                Committed?.Invoke(writes);
            }
        }
    }
}
