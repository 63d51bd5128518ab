namespace OrderGrains.Grains.Webhooks;

/// <summary>Settings of webhook delivery (section <c>OrderGrains:Webhooks</c>); validated at start.</summary>
public sealed class WebhookOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OrderGrains:Webhooks";

    /// <summary>Name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that sends deliveries.</summary>
    public const string HttpClientName = "ordergrains-webhooks";

    /// <summary>HTTP attempts of one delivery before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the first retry; grows exponentially (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Retry waits up to this long are spent inside the running delivery; a longer wait parks the delivery (durably, with
    /// its next attempt time) and a timer, or after a restart a reminder, resumes it, so no activation is held for minutes.
    /// </summary>
    public TimeSpan MaxInlineRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Period of the reminder that wakes an endpoint with pending deliveries after a restart; at least
    /// <c>OrderGrains:Reminders:MinimumPeriod</c>.
    /// </summary>
    public TimeSpan WakeUpPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time limit of one HTTP attempt (connect, send, response headers).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A delivery not delivered within this time of being queued (or replayed) is dead-lettered, even with attempts left:
    /// it bounds how long deliveries wait behind an open circuit.
    /// </summary>
    public TimeSpan MaxDeliveryAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries of one endpoint in progress at once (sending or waiting for their next attempt).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 8;

    /// <summary>Pending deliveries an endpoint may hold; beyond it new events are dead-lettered at once.</summary>
    public int MaxPendingDeliveries { get; set; } = 5_000;

    /// <summary>Finished deliveries kept in an endpoint's delivery log.</summary>
    public int DeliveryLogSize { get; set; } = 100;

    /// <summary>Dead letters kept per endpoint (the oldest are dropped first).</summary>
    public int DeadLetterLimit { get; set; } = 200;

    /// <summary>Event ids an endpoint remembers to ignore redelivered changes.</summary>
    public int DedupeWindow { get; set; } = 2_000;

    /// <summary>Most subscriptions the cluster holds.</summary>
    public int MaxSubscriptions { get; set; } = 100;

    /// <summary>Failure share, within <see cref="CircuitSamplingDuration"/>, at which an endpoint's circuit opens.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="CircuitSamplingDuration"/> needed before the circuit can open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 4;

    /// <summary>Window of attempts the circuit judges.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit stays open before one probe is let through.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>URL schemes a subscription may use.</summary>
    public List<string> AllowedSchemes { get; set; } = ["https", "http"];

    /// <summary>
    /// Hosts a subscription may target (<c>example.com</c>, or <c>*.example.com</c> for its subdomains); empty allows
    /// any public host.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Allows loopback, private, link-local and other non-public addresses (checked on the URL and again on every
    /// connection, so DNS cannot point a public name at an internal service). Off in production; tests turn it on.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Throws if a setting is out of range; returns the options.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public WebhookOptions Validate()
    {
        Check(MaxAttempts is >= 1 and <= 100, $"{nameof(MaxAttempts)} must be 1-100.");
        Check(RetryDelay > TimeSpan.Zero && MaxRetryDelay >= RetryDelay, $"{nameof(RetryDelay)} must be positive and at most {nameof(MaxRetryDelay)}.");
        Check(MaxInlineRetryDelay >= TimeSpan.Zero, $"{nameof(MaxInlineRetryDelay)} must not be negative.");
        Check(WakeUpPeriod > TimeSpan.Zero, $"{nameof(WakeUpPeriod)} must be positive.");
        Check(AttemptTimeout >= TimeSpan.FromMilliseconds(10) && AttemptTimeout <= TimeSpan.FromDays(1), $"{nameof(AttemptTimeout)} must be 10 ms to 1 day.");
        Check(MaxDeliveryAge > TimeSpan.Zero, $"{nameof(MaxDeliveryAge)} must be positive.");
        Check(MaxConcurrentDeliveries is >= 1 and <= 256, $"{nameof(MaxConcurrentDeliveries)} must be 1-256.");
        Check(MaxPendingDeliveries >= 1, $"{nameof(MaxPendingDeliveries)} must be at least 1.");
        Check(DeliveryLogSize >= 1 && DeadLetterLimit >= 1, $"{nameof(DeliveryLogSize)} and {nameof(DeadLetterLimit)} must be at least 1.");
        Check(DedupeWindow >= 1, $"{nameof(DedupeWindow)} must be at least 1.");
        Check(MaxSubscriptions >= 1, $"{nameof(MaxSubscriptions)} must be at least 1.");
        Check(CircuitFailureRatio is > 0 and <= 1, $"{nameof(CircuitFailureRatio)} must be in (0, 1].");
        Check(CircuitMinimumThroughput >= 2, $"{nameof(CircuitMinimumThroughput)} must be at least 2.");
        Check(CircuitSamplingDuration >= TimeSpan.FromMilliseconds(500), $"{nameof(CircuitSamplingDuration)} must be at least 500 ms.");
        Check(CircuitBreakDuration >= TimeSpan.FromMilliseconds(500), $"{nameof(CircuitBreakDuration)} must be at least 500 ms.");
        Check(AllowedSchemes.Count > 0 && AllowedSchemes.All(s => s is "http" or "https"), $"{nameof(AllowedSchemes)} must list http and/or https.");
        Check(AllowedHosts.All(h => !string.IsNullOrWhiteSpace(h)), $"{nameof(AllowedHosts)} must not have empty entries.");
        return this;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Invalid {Section} options: {message}");
        }
    }
}
