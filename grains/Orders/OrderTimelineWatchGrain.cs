using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// Long polling on one order's timeline (<c>order-watch/{orderId}</c>). Reentrant, so any number of watchers wait side
/// by side while the order's notification gets in. It keeps no state: a watcher that misses a wake-up (say the order
/// was reactivated and forgot it is watched) still sees the events when its wait ends.
/// </summary>
[Reentrant]
[GrainType("order-watch")]
[CollectionAge(2)]
public sealed class OrderTimelineWatchGrain(TimeProvider time) : Grain, IOrderTimelineWatchGrain
{
    /// <summary>Longest wait of one call, well inside the call's deadline.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    // The order keeps notifying a little past the wait, covering the hop between its answer and the wait here.
    private static readonly TimeSpan WatchSlack = TimeSpan.FromSeconds(5);

    private TaskCompletionSource? _advanced;

    public async Task<IReadOnlyList<TimelineEvent>> WatchTimeline(long afterSequence, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (afterSequence < 0)
        {
            throw new DomainException("order.invalid", "afterSequence must not be negative.");
        }

        var wait = maxWait <= TimeSpan.Zero ? TimeSpan.Zero : maxWait > MaxWait ? MaxWait : maxWait;
        var order = GrainFactory.GetGrain<IOrderGrain>(this.GetPrimaryKeyString());
        var started = time.GetTimestamp();
        while (true)
        {
            var remaining = wait - time.GetElapsedTime(started);

            // Taken before asking, so a wake-up for an event stored just after the order answered is not missed.
            var advanced = _advanced ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var events = await order.GetTimelineAfter(afterSequence, remaining > TimeSpan.Zero ? remaining + WatchSlack : TimeSpan.Zero);

            // A watcher that went away ends as cancelled, whatever came meanwhile (it reads nothing more).
            cancellationToken.ThrowIfCancellationRequested();
            if (events.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return events;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(advanced.Task, Task.Delay(remaining, time, stop.Token));
            await stop.CancelAsync();
        }
    }

    public Task TimelineAdvanced(long sequence)
    {
        var advanced = _advanced;
        _advanced = null;
        advanced?.TrySetResult();
        return Task.CompletedTask;
    }
}
