namespace OrderGrains.Interfaces.Webhooks;

/// <summary>A webhook subscription: where events of which types are delivered. The signing secret is never part of it.</summary>
public sealed record WebhookSubscription(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    DateTimeOffset CreatedAt);

/// <summary>A subscription to create.</summary>
public sealed record NewWebhookSubscription(string Url, IReadOnlyList<string> EventTypes, string? Description);

/// <summary>A created subscription and its signing secret (shown once; only its holder can verify deliveries).</summary>
public sealed record WebhookRegistration(WebhookSubscription Subscription, string Secret);

/// <summary>An endpoint's delivery settings, kept by the endpoint grain that delivers to it.</summary>
public sealed record WebhookEndpointConfig(string SubscriptionId, string Url, string Secret);

/// <summary>One event queued for one subscription; <paramref name="Payload"/> is the exact JSON body that is signed and sent.</summary>
public sealed record WebhookEventMessage(string EventId, string EventType, string OrderId, DateTimeOffset OccurredAt, string Payload);

/// <summary>Where a delivery is.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt (or for the endpoint's circuit to close).</summary>
    Pending,

    /// <summary>The endpoint answered 2xx.</summary>
    Delivered,

    /// <summary>The retry budget ran out; an operator may replay it.</summary>
    DeadLettered,
}

/// <summary>One HTTP attempt of a delivery.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The HTTP status answered, or null if none (timeout, connection refused...).</param>
/// <param name="Error">Why it failed, or null if it succeeded.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record WebhookAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);

/// <summary>A delivery of one event to one subscription, as the delivery log and the dead-letter list show it.</summary>
public sealed record WebhookDelivery(
    string DeliveryId,
    string SubscriptionId,
    string EventId,
    string EventType,
    string OrderId,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    int? LastStatusCode,
    string? LastError,
    int Replays,
    IReadOnlyList<WebhookAttempt> AttemptLog);

/// <summary>State of an endpoint's circuit breaker.</summary>
public enum WebhookCircuitState
{
    /// <summary>Deliveries flow.</summary>
    Closed,

    /// <summary>Too many recent failures: deliveries wait without spending attempts.</summary>
    Open,

    /// <summary>One probe delivery is allowed through to test the endpoint.</summary>
    HalfOpen,
}

/// <summary>Health of a subscription's endpoint.</summary>
public sealed record WebhookEndpointHealth(
    int Pending,
    int DeadLetters,
    long Delivered,
    long FailedAttempts,
    WebhookCircuitState Circuit,
    DateTimeOffset? LastDeliveredAt);

/// <summary>What a replay did.</summary>
/// <param name="Replayed">Dead letters queued again.</param>
public sealed record WebhookReplayResult(int Replayed);
