namespace OrderGrains.Interfaces.Orders;

/// <summary>
/// Follows the timeline of one order (same key as the order) for live feeds, by long polling with grain calls only, so
/// it works the same from a silo and from a cluster client.
/// </summary>
/// <remarks>
/// The wait lives here rather than in the order: the runtime counts a waiting request as running, and a non-reentrant
/// order admits no command while one runs, not even while an [AlwaysInterleave] request waits, so a wait there would
/// hold back the very command whose event it waits for. This grain is reentrant; the order tells it about new events
/// after they are stored.
/// </remarks>
public interface IOrderTimelineWatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// The order's timeline events after <paramref name="afterSequence"/>: at once if there are any, otherwise as soon as
    /// the next one is stored, or none when <paramref name="maxWait"/> (at most a minute) passes or the caller cancels.
    /// </summary>
    [ResponseTimeout(90)]
    Task<IReadOnlyList<TimelineEvent>> WatchTimeline(long afterSequence, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Told by the order after it stored events up to <paramref name="sequence"/>: wakes the waiting watchers.</summary>
    Task TimelineAdvanced(long sequence);
}
