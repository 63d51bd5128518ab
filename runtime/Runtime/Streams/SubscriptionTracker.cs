using System.Collections.Concurrent;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Streams;

/// <summary>
/// What a persistent stream agent knows without asking storage: how far each implicit subscription got (through this
/// silo's deliveries, or storage's checkpoint when that is further) and which subscriptions this silo's own commits
/// just gave new events. Those are delivered from memory; the storage poll stays the source of truth for everything
/// else (subscriptions not seen yet, explicit subscriptions, other processes' events) and runs when something unknown
/// was committed (soon, not at once, for streams without implicit subscribers: most have no subscriber at all), when a
/// stream this silo knows to have explicit subscriptions gets an event, and every poll interval. Before, every commit
/// and every finished delivery ran the poll, a query over all subscriptions that took about half of PostgreSQL's CPU
/// under the orders benchmark.
/// </summary>
/// <param name="capacity">Checkpoints remembered before starting over (anything forgotten is polled again).</param>
internal sealed class SubscriptionTracker(int capacity)
{
    private readonly ConcurrentDictionary<(StreamId, string), long> _checkpoints = new();
    private readonly ConcurrentDictionary<(StreamId, string), StreamBacklog> _ready = new();
    private readonly ConcurrentDictionary<StreamId, byte> _storageOnly = new();
    private int _remembered;
    private int _pollRequested = 1;
    private int _pollSoonRequested;

    /// <summary>Subscriptions with new events from this silo's commits, delivered when no delivery to them runs.</summary>
    public IEnumerable<(StreamId Stream, string SubscriptionId)> Ready => _ready.Keys;

    public void RequestPoll() => Volatile.Write(ref _pollRequested, 1);

    /// <summary>True while a poll asked for by an event on a stream without known subscribers waits for its delay.</summary>
    public bool PollSoonRequested => Volatile.Read(ref _pollSoonRequested) == 1;

    /// <summary>True (once) when a poll was asked for since the last call; <paramref name="soonDue"/> lets a poll asked for soon count.</summary>
    public bool TakePollRequest(bool soonDue)
    {
        if (Interlocked.Exchange(ref _pollRequested, 0) == 1)
        {
            Volatile.Write(ref _pollSoonRequested, 0);
            return true;
        }

        return soonDue && Interlocked.Exchange(ref _pollSoonRequested, 0) == 1;
    }

    /// <summary>
    /// The stream has an explicit subscription or was rewound: its deliveries always start from storage's
    /// checkpoint, and a commit to it asks for a poll.
    /// </summary>
    public void UseStorageFor(StreamId stream)
    {
        _storageOnly.TryAdd(stream, 0);
        RequestPoll();
    }

    /// <summary>
    /// A committed event: its implicit subscribers get a delivery up to it. A stream known to have explicit
    /// subscriptions asks for a poll; other streams without implicit subscribers (most have no subscriber at all, such
    /// as journals read back by their owner, but another silo or a client may have subscribed) ask for one soon, so
    /// a burst of commits costs one poll.
    /// </summary>
    public void OnCommitted(StreamAppend append, long sequence)
    {
        if (!Tracks(append.Stream))
        {
            RequestPoll();
            return;
        }

        if (append.ImplicitSubscribers.Count == 0)
        {
            Volatile.Write(ref _pollSoonRequested, 1);
            return;
        }

        foreach (var subscriber in append.ImplicitSubscribers)
        {
            var key = (append.Stream, subscriber.SubscriptionId);
            if (sequence == 1)
            {
                // The stream's first event: its subscriptions cannot be past 0.
                Remember(key, 0);
            }
            else if (!_checkpoints.ContainsKey(key))
            {
                RequestPoll();
                continue;
            }

            _ready.AddOrUpdate(key, _ => new StreamBacklog(subscriber, sequence), (_, ready) => ready.Head >= sequence ? ready : ready with { Head = sequence });
        }
    }

    /// <summary>
    /// Takes a ready subscription, with the checkpoint to deliver from; false when there is nothing left to deliver
    /// or its checkpoint was forgotten (a poll is asked for then).
    /// </summary>
    public bool TryTakeReady((StreamId, string) key, out StreamBacklog ready)
    {
        if (!_ready.TryRemove(key, out ready!))
        {
            return false;
        }

        if (!_checkpoints.TryGetValue(key, out var checkpoint))
        {
            RequestPoll();
            return false;
        }

        ready = ready with { Subscription = ready.Subscription with { Checkpoint = checkpoint } };
        return checkpoint < ready.Head;
    }

    /// <summary>
    /// A subscription storage reports behind its head: the checkpoint to deliver from. Storage's checkpoint lags the
    /// deliveries whose checkpoint writes are still queued; delivering from it would repeat their events.
    /// </summary>
    public long FromStorage(StreamSubscriptionRecord subscription)
    {
        if (!Tracks(subscription.Stream))
        {
            return subscription.Checkpoint;
        }

        var key = (subscription.Stream, subscription.SubscriptionId);
        Remember(key, subscription.Checkpoint);
        return _checkpoints.GetValueOrDefault(key, subscription.Checkpoint);
    }

    /// <summary>True when deliveries on the stream start from what this silo remembers (not only from storage).</summary>
    public bool Tracks(StreamId stream) => !_storageOnly.ContainsKey(stream);

    /// <summary>An event was delivered (or dead-lettered): the subscription is past it.</summary>
    public void Delivered(StreamSubscriptionRecord subscription, long sequence)
    {
        if (Tracks(subscription.Stream))
        {
            Remember((subscription.Stream, subscription.SubscriptionId), sequence);
        }
    }

    private void Remember((StreamId, string) key, long checkpoint)
    {
        if (_checkpoints.TryAdd(key, checkpoint))
        {
            if (Interlocked.Increment(ref _remembered) > capacity)
            {
                // Bounded memory: start over rather than track ages; a forgotten subscription is polled again.
                _checkpoints.Clear();
                Interlocked.Exchange(ref _remembered, 0);
            }

            return;
        }

        _checkpoints.AddOrUpdate(key, checkpoint, (_, known) => Math.Max(known, checkpoint));
    }
}
