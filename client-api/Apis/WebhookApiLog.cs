using Microsoft.Extensions.Logging;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Log messages of the webhook endpoints (event ids 6400-6419): who changed which subscription, for audit.</summary>
internal static partial class WebhookApiLog
{
    public const string Category = "OrderGrains.ClientApi.Webhooks";

    [LoggerMessage(6400, LogLevel.Information, "{Client} created webhook {SubscriptionId} for {Host} ({EventTypes})")]
    public static partial void Created(this ILogger logger, string client, string subscriptionId, string host, string eventTypes);

    [LoggerMessage(6401, LogLevel.Information, "{Client} deleted webhook {SubscriptionId}")]
    public static partial void Deleted(this ILogger logger, string client, string subscriptionId);

    [LoggerMessage(6402, LogLevel.Information, "{Client} replayed {Count} dead letters ({Scope})")]
    public static partial void Replayed(this ILogger logger, string client, int count, string scope);
}
