using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Streams;

/// <summary>
/// A stream provider whose events are stored (optionally in the same transaction as the publisher's state) and
/// delivered at least once, in order per subscription, from a durable checkpoint; events that keep failing go to a
/// dead-letter table.
/// </summary>
internal sealed class PersistentStreamProvider : IStreamProvider, ISiloLifecycleParticipant
{
    private readonly SiloRuntime _runtime;
    private readonly PersistentStreamOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(StreamId, string), Task> _active = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _agent = Task.CompletedTask;
    private readonly StreamTailCache _tail = new(perStream: 256, total: 100_000);
    private readonly SubscriptionTracker _tracker = new(capacity: 200_000);
    private long _lag;

    public PersistentStreamProvider(string name, PersistentStreamOptions options, SiloRuntime runtime, ILoggerFactory loggerFactory)
    {
        options.Validate(name);
        Name = name;
        _options = options;
        _runtime = runtime;
        _logger = loggerFactory.CreateLogger("OrderGrains.Runtime.Streams");
        StorageName = runtime.Persistence.Stores.Get(options.StorageName).Store.Name;
    }

    public string Name { get; }

    public bool IsRewindable => true;

    public string StorageName { get; }

    internal IRuntimeStore Store => _runtime.Persistence.Stores.Get(StorageName).Store;

    internal SiloRuntime Runtime => _runtime;

    /// <summary>Undelivered events over all subscriptions at the last check.</summary>
    public long Lag => Interlocked.Read(ref _lag);

    public IAsyncStream<T> GetStream<T>(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(key);
        return new PersistentStream<T>(this, new StreamId(@namespace, key));
    }

    internal StreamAppend CreateAppend(StreamId stream, ReadOnlyMemory<byte> payload) =>
        new(Name, stream, payload, ImplicitSubscriptions.For(_runtime.GrainTypes, Name, stream));

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        _runtime.Persistence.GetCommitter(StorageName).Committed += OnCommitted;
        _runtime.Instruments.ObserveStreamLag(Name, () => Lag);
        _agent = Task.Run(() => RunAgentAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        _runtime.Persistence.GetCommitter(StorageName).Committed -= OnCommitted;
        await _stopping.CancelAsync();
        await _agent.WaitAsync(cancellationToken);
        await Task.WhenAll(_active.Values).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Asks the agent to poll storage now: a subscription appeared or was rewound (explicit subscriptions and rewinds
    /// are delivered from storage's checkpoint from then on).
    /// </summary>
    internal void PollForSubscriptionsOf(StreamId stream)
    {
        _tracker.UseStorageFor(stream);
        Wake();
    }

    internal void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    private void OnCommitted(IReadOnlyList<StoreWrite> writes)
    {
        var appended = false;
        var now = _runtime.TimeProvider.GetUtcNow();
        foreach (var write in writes)
        {
            if (write.Outcome != StoreWriteOutcome.Committed)
            {
                continue;
            }

            for (var i = 0; i < write.Events.Count; i++)
            {
                var append = write.Events[i];
                if (append.Provider != Name || i >= write.EventSequences.Length)
                {
                    continue;
                }

                appended = true;

                // Streams with implicit subscribers are delivered here for every event: keep only those (others read storage).
                if (append.ImplicitSubscribers.Count > 0)
                {
                    _tail.Add(append.Stream, new StoredStreamEvent(write.EventSequences[i], append.Payload.AsArray(), now));
                }

                _tracker.OnCommitted(append, write.EventSequences[i]);
            }
        }

        if (appended)
        {
            Wake();
        }
    }

    private async Task RunAgentAsync(CancellationToken cancellationToken)
    {
        var gate = new SemaphoreSlim(_options.MaxConcurrentSubscriptions);
        var lastPoll = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sincePoll = _runtime.TimeProvider.GetElapsedTime(lastPoll);
                if (_tracker.TakePollRequest(sincePoll >= _options.EventPollDelay) || sincePoll >= _options.PollInterval)
                {
                    lastPoll = _runtime.TimeProvider.GetTimestamp();
                    sincePoll = TimeSpan.Zero;
                    var backlog = await Store.GetBacklogAsync(Name, Math.Max(1000, 2 * _options.MaxConcurrentSubscriptions), cancellationToken);
                    Interlocked.Exchange(ref _lag, backlog.Sum(b => b.Head - b.Subscription.Checkpoint));
                    foreach (var item in backlog)
                    {
                        // Storage's checkpoint lags deliveries whose checkpoint writes are still queued: those are done.
                        var key = (item.Subscription.Stream, item.Subscription.SubscriptionId);
                        var checkpoint = _tracker.FromStorage(item.Subscription);
                        if (checkpoint < item.Head && !_active.ContainsKey(key))
                        {
                            await StartDeliveryAsync(key, item.Subscription with { Checkpoint = checkpoint }, gate, cancellationToken);
                        }
                    }
                }

                foreach (var key in _tracker.Ready)
                {
                    // A subscription being delivered to stays ready: it starts again once that delivery ends.
                    if (!_active.ContainsKey(key) && _tracker.TryTakeReady(key, out var ready))
                    {
                        await StartDeliveryAsync(key, ready.Subscription, gate, cancellationToken);
                    }
                }

                var wait = _options.PollInterval - sincePoll;
                if (_tracker.PollSoonRequested)
                {
                    wait = TimeSpan.FromTicks(Math.Clamp((_options.EventPollDelay - sincePoll).Ticks, 0, wait.Ticks));
                }

                await _signal.WaitAsync(wait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                StreamLog.AgentFailed(_logger, Name, exception);
                try
                {
                    await Task.Delay(_options.PollInterval, _runtime.TimeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task StartDeliveryAsync((StreamId, string) key, StreamSubscriptionRecord subscription, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (_runtime.Cluster?.IsLocal(subscription.Subscriber) == false)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        var delivery = DeliverAsync(subscription, gate, cancellationToken);
        _active[key] = delivery;
        _ = delivery.ContinueWith(
            (_, s) =>
            {
                _active.TryRemove(((StreamId, string))s!, out Task? _);
                Wake();
            },
            key,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task DeliverAsync(StreamSubscriptionRecord subscription, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var checkpoint = subscription.Checkpoint;
        var persisted = checkpoint;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Events this silo just committed come from memory; anything else (older, or another silo's) from storage.
                var events = _tail.TryRead(subscription.Stream, checkpoint, _options.ReadBatchSize, out var cached)
                    ? cached
                    : await Store.ReadStreamAsync(Name, subscription.Stream, checkpoint, _options.ReadBatchSize, cancellationToken);
                if (events.Count == 0)
                {
                    break;
                }

                foreach (var stored in events)
                {
                    if (!await DeliverOneAsync(subscription, stored, cancellationToken))
                    {
                        // The subscriber's partition moved to another silo: its owner resumes from the checkpoint.
                        return;
                    }

                    checkpoint = stored.Sequence;
                    _tracker.Delivered(subscription, checkpoint);
                }

                await CheckpointAsync(subscription, checkpoint);
                persisted = checkpoint;
                if (events.Count < _options.ReadBatchSize)
                {
                    // A short read reached the head: later events wake the agent again, no need to ask now.
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            StreamLog.AgentFailed(_logger, Name, exception);

            // What is left is found by the poll, from storage's checkpoint.
            _tracker.RequestPoll();
        }
        finally
        {
            if (checkpoint > persisted)
            {
                // Keep the progress made before stopping; anything after it is delivered again (at least once).
                await CheckpointAsync(subscription, checkpoint);
            }

            gate.Release();
        }
    }

    /// <summary>
    /// The checkpoint goes through the group commit, queued behind the writes the subscriber made for these events,
    /// so it cannot become durable before them; the deliveries therefore need not wait for them (see
    /// the request's AnswersWithinSilo) and many checkpoints share one transaction. Subscriptions this silo tracks in
    /// memory do not wait for it either: holding a delivery slot until the commit capped an outage's reroutes at
    /// slots per commit time. If the write fails, the stream's deliveries start from storage's checkpoint from then
    /// on, so its events are delivered again (the subscriber's writes queued before the checkpoint failed with it).
    /// </summary>
    private Task CheckpointAsync(StreamSubscriptionRecord subscription, long checkpoint)
    {
        var write = _runtime.Persistence.AdvanceCheckpointAsync(StorageName, subscription.Subscriber, new CheckpointAdvance(Name, subscription.Stream, subscription.SubscriptionId, checkpoint));
        if (!_tracker.Tracks(subscription.Stream))
        {
            // Delivered from storage's checkpoint: the next delivery must see this one.
            return write;
        }

        _ = write.ContinueWith(
            (failed, state) => OnCheckpointFailed((StreamSubscriptionRecord)state!, failed.Exception!),
            subscription,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private void OnCheckpointFailed(StreamSubscriptionRecord subscription, Exception exception)
    {
        StreamLog.CheckpointFailed(_logger, Name, subscription.Stream, subscription.Subscriber, exception);
        PollForSubscriptionsOf(subscription.Stream);
    }

    /// <summary>
    /// Delivers one event, retrying with backoff; after the last attempt it goes to the dead-letter table. False when
    /// this silo no longer serves the subscriber (nothing is dead-lettered: the new owner delivers it).
    /// </summary>
    private async Task<bool> DeliverOneAsync(StreamSubscriptionRecord subscription, StoredStreamEvent stored, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var request = new StreamDeliveryRequest(Name, subscription.Stream, subscription.SubscriptionId, new StreamSequenceToken(stored.Sequence), null, stored.Payload)
            {
                AnswersWithinSilo = true,
            };
            _runtime.Dispatcher.SendSystemRequest(subscription.Subscriber, request);
            try
            {
                await request.AsVoidValueTask();
                return true;
            }
            catch (Placement.NotPartitionOwnerException)
            {
                return false;
            }
            catch (Exception exception)
            {
                StreamLog.DeliveryFailed(_logger, Name, subscription.Stream, stored.Sequence, subscription.Subscriber, attempt, exception);
                if (attempt >= _options.MaxDeliveryAttempts)
                {
                    await Store.DeadLetterAsync(
                        new DeadLetterRecord(Name, subscription.Stream, subscription.SubscriptionId, subscription.Subscriber, stored.Sequence, stored.Payload, attempt,
                            $"{exception.GetType().FullName}: {exception.Message}", _runtime.TimeProvider.GetUtcNow()),
                        cancellationToken);
                    StreamLog.DeadLettered(_logger, Name, subscription.Stream, stored.Sequence, subscription.Subscriber, attempt);
                    return true;
                }

                await Task.Delay(_options.RetryDelay * (1 << (attempt - 1)), _runtime.TimeProvider, cancellationToken);
            }
        }
    }
}
