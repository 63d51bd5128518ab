using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Grains.Webhooks;

/// <summary>How a run of a delivery through <see cref="WebhookDeliveryPipeline"/> ended.</summary>
internal enum DeliveryRunResult
{
    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>The budget (attempts or age) ran out: dead-letter it.</summary>
    Exhausted,

    /// <summary>The next wait is long: <see cref="DeliveryRecord.NextAttemptAt"/> is set, store it and come back then.</summary>
    Parked,

    /// <summary>The activation is going away: the delivery stays pending.</summary>
    Cancelled,
}

/// <summary>
/// One endpoint's Polly pipeline: retry (exponential backoff with jitter from the delivery's stored attempt count,
/// bounded by <see cref="WebhookOptions.MaxAttempts"/> and <see cref="WebhookOptions.MaxDeliveryAge"/>), the endpoint's
/// circuit breaker, and a timeout per attempt. While the circuit is open a delivery waits without spending attempts.
/// Waits longer than <see cref="WebhookOptions.MaxInlineRetryDelay"/> end the run as <see cref="DeliveryRunResult.Parked"/>.
/// </summary>
internal sealed class WebhookDeliveryPipeline
{
    private static readonly ResiliencePropertyKey<DeliveryRecord> DeliveryKey = new("ordergrains.webhook.delivery");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("ordergrains.webhook.delay");
    private static readonly ResiliencePropertyKey<bool> ParkedKey = new("ordergrains.webhook.parked");

    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<ValueTask> _persist;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly CircuitBreakerManualControl _circuitControl = new();
    private readonly ResiliencePipeline<int> _pipeline;

    /// <param name="options">Retry, circuit and timeout settings.</param>
    /// <param name="time">Clock of delays and ages.</param>
    /// <param name="persist">Stores the attempt count after a failed attempt.</param>
    /// <param name="circuitOpened">Told when the circuit opens, with its break.</param>
    /// <param name="circuitClosed">Told when the circuit closes.</param>
    public WebhookDeliveryPipeline(WebhookOptions options, TimeProvider time, Func<ValueTask> persist, Action<TimeSpan> circuitOpened, Action circuitClosed)
    {
        _options = options;
        _time = time;
        _persist = persist;
        _pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<int>
            {
                // The budget and the backoff follow the delivery's stored attempt count, which survives parking and
                // restarts; Polly's own counter restarts with each run. The backoff settings here are the fallback.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.TryGetValue(DelayKey, out var delay) ? delay : null),
                OnRetry = OnRetryAsync,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<int>
            {
                FailureRatio = options.CircuitFailureRatio,
                MinimumThroughput = options.CircuitMinimumThroughput,
                SamplingDuration = options.CircuitSamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
                StateProvider = _circuit,
                ManualControl = _circuitControl,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Context, args.Outcome)),
                OnOpened = args =>
                {
                    circuitOpened(args.BreakDuration);
                    return default;
                },
                OnClosed = _ =>
                {
                    circuitClosed();
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public WebhookCircuitState Circuit => _circuit.CircuitState switch
    {
        CircuitState.Closed => WebhookCircuitState.Closed,
        CircuitState.HalfOpen => WebhookCircuitState.HalfOpen,
        _ => WebhookCircuitState.Open,
    };

    /// <summary>Closes the circuit (an operator says the endpoint works again).</summary>
    public Task CloseCircuitAsync() => _circuitControl.CloseAsync();

    /// <summary>
    /// Runs <paramref name="attempt"/> (which counts and records the attempt on <paramref name="record"/>) until it
    /// succeeds, the budget runs out, the next wait is too long to spend here, or <paramref name="cancellationToken"/> fires.
    /// Continuations come back to the caller's context: grain callers touch their state in the callbacks.
    /// </summary>
    public async Task<DeliveryRunResult> RunAsync(
        DeliveryRecord record, Func<ResilienceContext, ValueTask<Outcome<int>>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        context.Properties.Set(DeliveryKey, record);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(static (ctx, run) => run(ctx), context, attempt);
            return cancellationToken.IsCancellationRequested ? DeliveryRunResult.Cancelled
                : outcome.Exception is null && IsSuccess(outcome.Result) ? DeliveryRunResult.Delivered
                : context.Properties.TryGetValue(ParkedKey, out var parked) && parked ? DeliveryRunResult.Parked
                : DeliveryRunResult.Exhausted;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public static bool IsSuccess(int status) => status is >= 200 and < 300;

    private bool ShouldRetry(ResilienceContext context, Outcome<int> outcome)
    {
        var circuitOpen = outcome.Exception as BrokenCircuitException;
        if ((circuitOpen is null && !IsFailure(context, outcome)) || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var record = context.Properties.GetValue(DeliveryKey, null!);
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
            // Long waits are not spent inside the activation: the caller stores the time and a timer resumes it.
            record.NextAttemptAt = now + delay;
            context.Properties.Set(ParkedKey, true);
            return false;
        }

        context.Properties.Set(DelayKey, delay);
        return true;
    }

    /// <summary>Exponential backoff with jitter: <c>RetryDelay * 2^(attempts-1)</c>, capped, then scaled by a random 50-100 %.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
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
            await _persist();
        }
    }

    private static bool IsFailure(ResilienceContext context, Outcome<int> outcome) => outcome.Exception switch
    {
        null => !IsSuccess(outcome.Result),
        BrokenCircuitException => false,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => false,
        _ => true,
    };
}
