using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Interfaces.Webhooks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// Delivers one subscription's events. Enqueued events are durable before <see cref="Enqueue"/> returns; each pending
/// delivery then runs, as an interleaving timer tick, through a Polly pipeline: retry (exponential backoff with jitter,
/// bounded by <see cref="WebhookOptions.MaxAttempts"/> and <see cref="WebhookOptions.MaxDeliveryAge"/>), this endpoint's
/// circuit breaker, and a timeout per attempt. While the circuit is open a delivery waits without spending attempts.
/// Progress is written after every failed attempt, so a restarted silo resumes (woken by a reminder) where it was.
/// Reentrant: enqueues and reads are served while deliveries wait on the network.
/// </summary>
[GrainType("webhook-endpoint")]
[Reentrant]
public sealed class WebhookEndpointGrain : Grain, IWebhookEndpointGrain, IRemindable
{
    private const string ReminderName = "webhook-deliveries";

    private static readonly ResiliencePropertyKey<DeliveryRecord> DeliveryKey = new("ordergrains.webhook.delivery");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("ordergrains.webhook.delay");

    private readonly IPersistentState<WebhookEndpointState> _queue;
    private readonly IPersistentState<WebhookLogState> _log;
    private readonly CoalescingWriter<WebhookEndpointState> _queueWriter;
    private readonly CoalescingWriter<WebhookLogState> _logWriter;
    private readonly WebhookSender _sender;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger<WebhookEndpointGrain> _logger;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly CircuitBreakerManualControl _circuitControl = new();
    private readonly ResiliencePipeline<int> _pipeline;
    private readonly Dictionary<string, IGrainTimer> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _parked = new(StringComparer.Ordinal);
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
        _queueWriter = new(queue);
        _logWriter = new(log);
        _sender = new WebhookSender(clients, time);
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _pipeline = BuildPipeline();
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
        await _queueWriter.WriteAsync();
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
            await _logWriter.WriteAsync();
        }

        await _queueWriter.WriteAsync();
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
        _circuit.CircuitState switch
        {
            CircuitState.Closed => WebhookCircuitState.Closed,
            CircuitState.HalfOpen => WebhookCircuitState.HalfOpen,
            _ => WebhookCircuitState.Open,
        },
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
        await _queueWriter.WriteAsync();
        await _logWriter.WriteAsync();
        await _circuitControl.CloseAsync();
        WebhookLog.Replayed(_logger, SubscriptionId, letters.Count);
        await EnsureReminderAsync();
        Pump();
        return new WebhookReplayResult(letters.Count);
    }

    public async Task Remove()
    {
        _removed = true;
        foreach (var worker in _workers.Values)
        {
            worker.Dispose();
        }

        _workers.Clear();
        await _queueWriter.WhenWrittenAsync();
        await _logWriter.WhenWrittenAsync();
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

    /// <summary>Starts a worker for each due pending delivery that has none, up to the concurrency limit.</summary>
    private void Pump()
    {
        if (_removed || Config is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var record in Queue.Pending.OrderBy(d => d.NextAttemptAt ?? d.CreatedAt))
        {
            if (_workers.Count >= _options.MaxConcurrentDeliveries)
            {
                break;
            }

            if (_workers.ContainsKey(record.EventId))
            {
                continue;
            }

            var due = (record.NextAttemptAt ?? now) - now;
            var eventId = record.EventId;
            _workers[eventId] = RegisterGrainTimer(
                ct => DeliverAsync(eventId, ct),
                new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
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

            var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
            context.Properties.Set(DeliveryKey, record);
            Outcome<int> outcome;
            try
            {
                // Continuations must come back to this activation: every callback of the pipeline touches grain state.
                outcome = await _pipeline.ExecuteOutcomeAsync(
                    static (ctx, state) => state.Self.AttemptAsync(ctx, state.Config, state.Record, state.Cancellation),
                    context,
                    (Self: this, Config: config, Record: record, Cancellation: cancellationToken));
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            if (cancellationToken.IsCancellationRequested || _removed || !Queue.Pending.Contains(record))
            {
                // Deactivating or removed: a pending delivery stays queued for the next activation.
                return;
            }

            if (_parked.Remove(record.EventId))
            {
                // A long wait: its next attempt time is stored, and the pump sets a timer for it.
                await _queueWriter.WriteAsync();
                return;
            }

            await FinishAsync(record, delivered: outcome.Exception is null && IsSuccess(outcome.Result));
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
            _workers.Remove(eventId);
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
            (error, result) = IsSuccess(status.Value) ? (null, "success") : ($"HTTP {status.Value}", "http-error");
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
        await _logWriter.WriteAsync();
        await _queueWriter.WriteAsync();
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

    private ResiliencePipeline<int> BuildPipeline() => new ResiliencePipelineBuilder<int> { TimeProvider = _time }
        .AddRetry(new RetryStrategyOptions<int>
        {
            // The budget (attempts, age) and the backoff follow the delivery's stored attempt count, which survives
            // parking and restarts; Polly's own counter restarts with each run. The options below are the fallback.
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            MaxDelay = _options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.TryGetValue(DelayKey, out var delay) ? delay : null),
            OnRetry = OnRetryAsync,
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions<int>
        {
            FailureRatio = _options.CircuitFailureRatio,
            MinimumThroughput = _options.CircuitMinimumThroughput,
            SamplingDuration = _options.CircuitSamplingDuration,
            BreakDuration = _options.CircuitBreakDuration,
            StateProvider = _circuit,
            ManualControl = _circuitControl,
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Context, args.Outcome)),
            OnOpened = args =>
            {
                WebhookLog.CircuitOpened(_logger, SubscriptionId, args.BreakDuration);
                _metrics.CircuitOpened();
                return default;
            },
            OnClosed = _ =>
            {
                WebhookLog.CircuitClosed(_logger, SubscriptionId);
                return default;
            },
        })
        .AddTimeout(_options.AttemptTimeout)
        .Build();

    private bool ShouldRetry(ResilienceContext context, Outcome<int> outcome)
    {
        var circuitOpen = outcome.Exception as BrokenCircuitException;
        if (circuitOpen is null && !IsFailure(context, outcome))
        {
            return false;
        }

        var record = context.Properties.GetValue(DeliveryKey, null!);
        if (context.CancellationToken.IsCancellationRequested || _removed || record is null)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var remaining = _options.MaxDeliveryAge - (now - record.BudgetStartedAt);
        if (remaining <= TimeSpan.Zero || (circuitOpen is null && record.Attempts >= _options.MaxAttempts))
        {
            return false;
        }

        // Waiting for an open circuit spends no attempt (nothing was sent); it ends at the age limit to be dead-lettered.
        TimeSpan delay;
        if (circuitOpen is not null)
        {
            delay = circuitOpen.RetryAfter ?? TimeSpan.FromTicks(_options.CircuitBreakDuration.Ticks / 4);
            delay = delay < remaining ? delay : remaining;
            delay = delay < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : delay;
        }
        else
        {
            delay = Backoff(record.Attempts);
            if (delay >= remaining)
            {
                return false;
            }
        }

        if (delay > _options.MaxInlineRetryDelay)
        {
            record.NextAttemptAt = now + delay;
            _parked.Add(record.EventId);
            return false;
        }

        context.Properties.Set(DelayKey, delay);
        return true;
    }

    /// <summary>Exponential backoff with jitter: <c>RetryDelay * 2^(attempts-1)</c>, capped, then scaled by a random 50-100 %.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    private async ValueTask OnRetryAsync(OnRetryArguments<int> args)
    {
        var record = args.Context.Properties.GetValue(DeliveryKey, null!);
        record.NextAttemptAt = _time.GetUtcNow() + args.RetryDelay;
        if (args.Outcome.Exception is not BrokenCircuitException)
        {
            // The attempt count must survive a restart, or a crash loop would retry forever.
            await _queueWriter.WriteAsync();
        }
    }

    private bool IsCircuitOpen() => _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated;

    private static bool IsFailure(ResilienceContext context, Outcome<int> outcome) => outcome.Exception switch
    {
        null => !IsSuccess(outcome.Result),
        BrokenCircuitException => false,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => false,
        _ => true,
    };

    private static bool IsSuccess(int status) => status is >= 200 and < 300;

    private static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException => "timed out",
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
