using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime.Hosting;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>
/// Group commit for the index: the projectors of all shards hand their changes here and each waits until its change is
/// durable (so the feed's checkpoint never passes an unwritten change); changes waiting together are written in one
/// transaction. Migrates the index schema when the silo starts, before the feed delivers anything.
/// </summary>
public sealed class OrderIndexWriter(
    IOrderIndexStore store,
    IOptions<OrderIndexOptions> options,
    OrderIndexMetrics metrics,
    ILogger<OrderIndexWriter> logger) : ISiloLifecycleParticipant
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxBatch = ValidatedBatchSize(options.Value);
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Writes a change to the index; completes when it is durable (or ignored as stale).</summary>
    /// <exception cref="InvalidOperationException">The writer is stopped.</exception>
    public Task WriteAsync(OrderChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        EnsureRunning();
        var pending = new Pending(change);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The order index writer is stopped.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        EnsureRunning();
    }

    /// <inheritdoc/>
    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        // The feed stopped before this (participants stop in reverse order): finish what is queued, then end.
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_startLock)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    private void EnsureRunning()
    {
        lock (_startLock)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var changes = new List<OrderChanged>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            changes.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                changes.Add(pending.Change);
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                var applied = await UpsertWithRetriesAsync(changes);
                metrics.Written(changes.Count, applied, Stopwatch.GetElapsedTime(started));
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                // Each waiting projector fails its delivery, which the persistent stream retries.
                OrderIndexLog.WriteFailed(logger, changes.Count, exception);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(exception);
                }
            }
        }
    }

    /// <summary>
    /// Rides out a short database hiccup here: the feed retries a failed delivery only a few times before it
    /// dead-letters the change, and a dead-lettered change would leave the order stale in the index. A retry is safe:
    /// the upsert is idempotent by version.
    /// </summary>
    private async Task<int> UpsertWithRetriesAsync(List<OrderChanged> changes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.UpsertAsync(changes, CancellationToken.None);
            }
            catch (Exception exception) when (attempt < RetryDelays.Length + 1 && exception is System.Data.Common.DbException or TimeoutException)
            {
                OrderIndexLog.WriteRetried(logger, changes.Count, attempt, exception);
                await Task.Delay(RetryDelays[attempt - 1]);
            }
        }
    }

    private static int ValidatedBatchSize(OrderIndexOptions options)
    {
        options.Validate();
        return options.MaxBatchSize;
    }

    private sealed class Pending(OrderChanged change)
    {
        public OrderChanged Change { get; } = change;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
