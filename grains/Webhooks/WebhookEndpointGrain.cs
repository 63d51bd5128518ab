using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Interfaces.Webhooks;
using Polly;

namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// Delivers one subscription's events. Enqueued events are durable before <see cref="Enqueue"/> returns; each due
/// delivery then runs, as an interleaving timer tick, through the endpoint's <see cref="WebhookDeliveryPipeline"/>
/// (retry with backoff, circuit breaker, timeout per attempt). Progress is written after every failed attempt; a long
/// wait parks the delivery with its next attempt time, and one wake-up timer (or after a restart a reminder) resumes it.
/// Reentrant: enqueues and reads are served while deliveries wait on the network.
/// </summary>
[GrainType("webhook-endpoint")]
[Reentrant]
public sealed class WebhookEndpointGrain : Grain, IWebhookEndpointGrain, IRemindable
{
    private const string ReminderName = "webhook-deliveries";

    private readonly IPersistentState<WebhookEndpointState> _queue;
    private readonly IPersistentState<WebhookLogState> _log;
    private readonly WebhookSender _sender;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger<WebhookEndpointGrain> _logger;
    private readonly WebhookDeliveryPipeline _pipeline;
    private readonly Dictionary<string, IGrainTimer> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private IGrainTimer? _wake;
    private DateTimeOffset _wakeAt;
    private bool _reminderRegistered;
    private bool _removed;

    public WebhookEndpointGrain(
        [PersistentState("queue")] IPersistentState<WebhookEndpointState> queue,
        [PersistentState("log")] IPersistentState<WebhookLogState> log,
        IHttpClientFactory clients,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        WebhookMetrics metrics,
        ILogger<WebhookEndpointGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _log = log;
        _sender = new WebhookSender(clients, time);
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _pipeline = new WebhookDeliveryPipeline(
            _options,
            time,
            () => new ValueTask(_queue.WriteStateAsync()),
            breakDuration =>
            {
                WebhookLog.CircuitOpened(_logger, SubscriptionId, breakDuration);
                _metrics.CircuitOpened();
            },
            () => WebhookLog.CircuitClosed(_logger, SubscriptionId));
    }

    private WebhookEndpointState Queue => _queue.State;

    private WebhookLogState Log => _log.State;

    private string SubscriptionId => GetPrimaryKeyString();

    private WebhookEndpointConfig? Config => Queue is { Url: { } url, Secret: { } secret } ? new(SubscriptionId, url, secret) : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _recent.UnionWith(Queue.RecentEventIds);
        if (Queue.Pending.Count > 0)
        {
            await EnsureReminderAsync();
            Pump();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // An empty queue needs no wake-up; a non-empty one keeps its reminder so a restart resumes it.
        if (Queue.Pending.Count == 0 && !_removed)
        {
            await RemoveReminderAsync(cancellationToken);
        }
    }

    public async Task Configure(WebhookEndpointConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.SubscriptionId != SubscriptionId)
        {
            throw new DomainException("webhook.invalid", $"Endpoint {SubscriptionId} cannot take the settings of {config.SubscriptionId}.");
        }

        _removed = false;
        Queue.Url = config.Url;
        Queue.Secret = config.Secret;
        await _queue.WriteStateAsync();
    }

    public async Task Enqueue(IReadOnlyList<WebhookEventMessage> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (Config is null || _removed)
        {
            // The subscription was deleted while its events were on their way: nobody wants them any more.
            return;
        }

        var now = _time.GetUtcNow();
        var deadLettered = false;
        foreach (var message in events)
        {
            if (!Remember(message.EventId))
            {
                continue;
            }

            var record = new DeliveryRecord
            {
                EventId = message.EventId,
                EventType = message.EventType,
                OrderId = message.OrderId,
                OccurredAt = message.OccurredAt,
                Payload = message.Payload,
                Status = WebhookDeliveryStatus.Pending,
                CreatedAt = now,
                BudgetStartedAt = now,
                NextAttemptAt = now,
            };
            if (Queue.Pending.Count >= _options.MaxPendingDeliveries)
            {
                record.LastError = $"the endpoint already has {_options.MaxPendingDeliveries} pending deliveries";
                AddDeadLetter(record, now);
                deadLettered = true;
            }
            else
            {
                Queue.Pending.Add(record);
            }
        }

        // Always wait for a write: a repeated event may be one whose first write failed and is still only in memory.
        if (deadLettered)
        {
            await _log.WriteStateAsync();
        }

        await _queue.WriteStateAsync();
        if (Queue.Pending.Count > 0)
        {
            await EnsureReminderAsync();
        }

        Pump();
    }

    public Task<IReadOnlyList<WebhookDelivery>> GetDeliveries(int limit)
    {
        var take = Math.Clamp(limit, 1, _options.MaxPendingDeliveries + _options.DeliveryLogSize);
        IReadOnlyList<WebhookDelivery> deliveries =
        [
            .. Queue.Pending.AsEnumerable().Reverse().Concat(Log.Log.AsEnumerable().Reverse()).Take(take).Select(d => d.ToView(SubscriptionId)),
        ];
        return Task.FromResult(deliveries);
    }

    public Task<IReadOnlyList<WebhookDelivery>> GetDeadLetters() =>
        Task.FromResult<IReadOnlyList<WebhookDelivery>>([.. Log.DeadLetters.AsEnumerable().Reverse().Select(d => d.ToView(SubscriptionId))]);

    public Task<WebhookEndpointHealth> GetHealth() => Task.FromResult(new WebhookEndpointHealth(
        Queue.Pending.Count,
        Log.DeadLetters.Count,
        Queue.Delivered,
        Queue.FailedAttempts,
        _pipeline.Circuit,
        Queue.LastDeliveredAt));

    public async Task<WebhookReplayResult> Replay(string? eventId)
    {
        var letters = eventId is null ? [.. Log.DeadLetters] : Log.DeadLetters.Where(d => d.EventId == eventId).ToList();
        if (eventId is not null && letters.Count == 0)
        {
            throw new DomainException("webhook.delivery.not-found", $"No dead letter {WebhookIds.DeliveryId(SubscriptionId, eventId)}.");
        }

        if (letters.Count == 0 || Config is null)
        {
            return new WebhookReplayResult(0);
        }

        var now = _time.GetUtcNow();
        foreach (var letter in letters)
        {
            Log.DeadLetters.Remove(letter);
            letter.Status = WebhookDeliveryStatus.Pending;
            letter.Attempts = 0;
            letter.Replays++;
            letter.BudgetStartedAt = now;
            letter.NextAttemptAt = now;
            letter.CompletedAt = null;
            Queue.Pending.Add(letter);
        }

        // Queue first: if the second write fails the letter is pending and still listed, and a second replay is harmless.
        await _queue.WriteStateAsync();
        await _log.WriteStateAsync();
        await _pipeline.CloseCircuitAsync();
        WebhookLog.Replayed(_logger, SubscriptionId, letters.Count);
        await EnsureReminderAsync();
        Pump();
        return new WebhookReplayResult(letters.Count);
    }

    public async Task Remove()
    {
        _removed = true;
        foreach (var worker in _running.Values)
        {
            worker.Dispose();
        }

        _running.Clear();
        _wake?.Dispose();
        _wake = null;
        // Queued behind any write still in flight, so nothing written before lands after the removal.
        await _queue.ClearStateAsync();
        await _log.ClearStateAsync();
        _recent.Clear();
        await RemoveReminderAsync(CancellationToken.None);
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already resumed the queue; the reminder only had to wake the grain up.
        Pump();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts the due deliveries (up to the concurrency limit; waiting ones hold no slot) and sets the one wake-up timer
    /// for the earliest delivery not yet due.
    /// </summary>
    private void Pump()
    {
        if (_removed || Config is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? nextDue = null;
        foreach (var record in Queue.Pending.OrderBy(d => d.NextAttemptAt ?? d.CreatedAt))
        {
            if (_running.ContainsKey(record.EventId))
            {
                continue;
            }

            var due = record.NextAttemptAt ?? now;
            if (due > now)
            {
                nextDue = nextDue is { } earlier && earlier < due ? earlier : due;
                continue;
            }

            if (_running.Count >= _options.MaxConcurrentDeliveries)
            {
                // A running delivery pumps again when it ends.
                continue;
            }

            var eventId = record.EventId;
            _running[eventId] = RegisterGrainTimer(
                ct => DeliverAsync(eventId, ct),
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }

        if (nextDue is { } next && (_wake is null || next < _wakeAt))
        {
            _wake?.Dispose();
            _wakeAt = next;
            _wake = RegisterGrainTimer(
                _ =>
                {
                    _wake = null;
                    Pump();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(next - now, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    private async Task DeliverAsync(string eventId, CancellationToken cancellationToken)
    {
        try
        {
            var record = Queue.Pending.Find(d => d.EventId == eventId);
            if (record is null || Config is not { } config)
            {
                return;
            }

            var result = await _pipeline.RunAsync(record, ctx => AttemptAsync(ctx, config, record, cancellationToken), cancellationToken);
            if (result == DeliveryRunResult.Cancelled || _removed || !Queue.Pending.Contains(record))
            {
                // Deactivating or removed: a pending delivery stays queued for the next activation.
                return;
            }

            if (result == DeliveryRunResult.Parked)
            {
                // A long wait: its next attempt time is stored (even while deactivating), and the pump sets the
                // wake-up timer for it.
                await _queue.WriteStateAsync(CancellationToken.None);
                return;
            }

            await FinishAsync(record, delivered: result == DeliveryRunResult.Delivered);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.DeliveryError(_logger, SubscriptionId, eventId, exception);
            if (Queue.Pending.Find(d => d.EventId == eventId) is { } record)
            {
                record.NextAttemptAt = _time.GetUtcNow() + _options.RetryDelay;
            }
        }
        finally
        {
            _running.Remove(eventId);
            Pump();
        }
    }

    private async ValueTask<Outcome<int>> AttemptAsync(ResilienceContext context, WebhookEndpointConfig config, DeliveryRecord record, CancellationToken grainToken)
    {
        record.Attempts++;
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        record.LastAttemptAt = at;
        int? status = null;
        string? error;
        string result;
        Outcome<int> outcome;
        try
        {
            status = await _sender.SendAsync(config, record, context.CancellationToken);
            outcome = Outcome.FromResult(status.Value);
            (error, result) = WebhookDeliveryPipeline.IsSuccess(status.Value) ? (null, "success") : ($"HTTP {status.Value}", "http-error");
        }
        catch (OperationCanceledException exception) when (!grainToken.IsCancellationRequested)
        {
            // The attempt's own timeout; the pipeline turns it into a TimeoutRejectedException.
            outcome = Outcome.FromException<int>(exception);
            (error, result) = ($"no response within {_options.AttemptTimeout.TotalMilliseconds:0} ms", "timeout");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            outcome = Outcome.FromException<int>(exception);
            (error, result) = (Describe(exception), "network");
        }
        catch (OperationCanceledException exception)
        {
            return Outcome.FromException<int>(exception);
        }

        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        record.LastStatusCode = status;
        record.LastError = error;
        record.AddAttempt(new WebhookAttempt(record.Attempts, at, status, error, Math.Round(elapsed, 1)));
        _metrics.Attempt(result, elapsed);
        if (error is not null)
        {
            Queue.FailedAttempts++;
            WebhookLog.AttemptFailed(_logger, SubscriptionId, record.Attempts, record.EventId, error);
        }

        return outcome;
    }

    private async Task FinishAsync(DeliveryRecord record, bool delivered)
    {
        var now = _time.GetUtcNow();
        Queue.Pending.Remove(record);
        if (delivered)
        {
            record.Status = WebhookDeliveryStatus.Delivered;
            record.CompletedAt = now;
            record.LastError = null;
            Queue.Delivered++;
            Queue.LastDeliveredAt = now;
            AddToLog(record);
            _metrics.Finished(delivered: true);
        }
        else
        {
            if (record.LastError is null || IsCircuitOpen())
            {
                record.LastError = record.LastError is null ? "the endpoint's circuit stayed open" : $"{record.LastError}; the endpoint's circuit stayed open";
            }

            AddDeadLetter(record, now);
        }

        // Log first: if the queue write then fails, the delivery is attempted again (at least once), never lost.
        await _log.WriteStateAsync();
        await _queue.WriteStateAsync();
    }

    private void AddDeadLetter(DeliveryRecord record, DateTimeOffset now)
    {
        record.Status = WebhookDeliveryStatus.DeadLettered;
        record.CompletedAt = now;
        Log.DeadLetters.RemoveAll(d => d.EventId == record.EventId);
        Log.DeadLetters.Add(record);
        if (Log.DeadLetters.Count > _options.DeadLetterLimit)
        {
            var dropped = Log.DeadLetters[0];
            Log.DeadLetters.RemoveAt(0);
            WebhookLog.DeadLetterDropped(_logger, SubscriptionId, dropped.EventId);
            _metrics.DeadLetterDropped();
        }

        AddToLog(record);
        _metrics.Finished(delivered: false);
        WebhookLog.DeadLettered(_logger, SubscriptionId, record.EventId, record.EventType, record.Attempts, record.LastError);
    }

    private void AddToLog(DeliveryRecord record)
    {
        Log.Log.RemoveAll(d => d.EventId == record.EventId);
        Log.Log.Add(record.ForLog());
        if (Log.Log.Count > _options.DeliveryLogSize)
        {
            Log.Log.RemoveRange(0, Log.Log.Count - _options.DeliveryLogSize);
        }
    }

    /// <summary>Adds an event id to the bounded window of known events; false if it was already known.</summary>
    private bool Remember(string eventId)
    {
        if (!_recent.Add(eventId))
        {
            return false;
        }

        Queue.RecentEventIds.Add(eventId);
        if (Queue.RecentEventIds.Count > _options.DedupeWindow)
        {
            var excess = Queue.RecentEventIds.Count - _options.DedupeWindow;
            foreach (var old in Queue.RecentEventIds.Take(excess))
            {
                _recent.Remove(old);
            }

            Queue.RecentEventIds.RemoveRange(0, excess);
        }

        return true;
    }

    private bool IsCircuitOpen() => _pipeline.Circuit != WebhookCircuitState.Closed;

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { InnerException: SocketException socket } => $"connection failed: {socket.SocketErrorCode}",
        HttpRequestException http => $"request failed: {http.HttpRequestError}",
        _ => exception.GetType().Name,
    };

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }

        _reminderRegistered = true;
        try
        {
            // Durable wake-up: a queue left by a stopped silo is resumed even if no new event arrives.
            await RegisterOrUpdateReminder(ReminderName, _options.WakeUpPeriod, _options.WakeUpPeriod);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentOutOfRangeException)
        {
            // No reminders on this silo (or a period below their minimum): the queue resumes with the next event or call.
            WebhookLog.NoWakeUp(_logger, SubscriptionId, exception.Message);
        }
    }

    private async Task RemoveReminderAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await GetReminder(ReminderName, cancellationToken) is { } reminder)
            {
                await UnregisterReminder(reminder, cancellationToken);
            }

            _reminderRegistered = false;
        }
        catch (InvalidOperationException)
        {
            // No reminders on this silo.
        }
    }
}
