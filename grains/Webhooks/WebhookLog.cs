using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Webhooks;

/// <summary>Log messages of webhooks (event ids 4600-4699). URLs are logged without query strings (they may carry tokens).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(4600, LogLevel.Information, "Webhook subscription {SubscriptionId} created for {Host} ({EventTypes})")]
    public static partial void Created(ILogger logger, string subscriptionId, string host, string eventTypes);

    [LoggerMessage(4601, LogLevel.Information, "Webhook subscription {SubscriptionId} deleted")]
    public static partial void Deleted(ILogger logger, string subscriptionId);

    [LoggerMessage(4602, LogLevel.Warning, "Webhook routes version {Version} could not be sent to dispatcher {Shard}; it refreshes on its own")]
    public static partial void RoutesNotSent(ILogger logger, long version, string shard, Exception exception);

    [LoggerMessage(4603, LogLevel.Debug, "Webhook {SubscriptionId} attempt {Attempt} of {EventId} failed: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string subscriptionId, int attempt, string eventId, string error);

    [LoggerMessage(4604, LogLevel.Warning, "Webhook {SubscriptionId} dead-lettered {EventId} ({EventType}) after {Attempts} attempts: {Error}")]
    public static partial void DeadLettered(ILogger logger, string subscriptionId, string eventId, string eventType, int attempts, string? error);

    [LoggerMessage(4605, LogLevel.Warning, "Webhook {SubscriptionId} circuit opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string subscriptionId, TimeSpan breakDuration);

    [LoggerMessage(4606, LogLevel.Information, "Webhook {SubscriptionId} circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string subscriptionId);

    [LoggerMessage(4607, LogLevel.Warning, "Webhook {SubscriptionId} dropped dead letter {EventId}: the dead-letter list is full")]
    public static partial void DeadLetterDropped(ILogger logger, string subscriptionId, string eventId);

    [LoggerMessage(4608, LogLevel.Information, "Webhook {SubscriptionId} replayed {Count} dead letters")]
    public static partial void Replayed(ILogger logger, string subscriptionId, int count);

    [LoggerMessage(4609, LogLevel.Error, "Webhook {SubscriptionId} delivery of {EventId} failed unexpectedly; it stays queued")]
    public static partial void DeliveryError(ILogger logger, string subscriptionId, string eventId, Exception exception);

    [LoggerMessage(4610, LogLevel.Debug, "Webhook dispatcher {Shard} could not refresh its routes")]
    public static partial void RefreshFailed(ILogger logger, string shard, Exception exception);

    [LoggerMessage(4611, LogLevel.Warning, "Webhook {SubscriptionId} has no durable wake-up: {Reason}")]
    public static partial void NoWakeUp(ILogger logger, string subscriptionId, string reason);
}
