namespace OrderGrains.Interfaces.Webhooks;

/// <summary>The event types a webhook subscription can ask for.</summary>
public static class WebhookEventTypes
{
    /// <summary>An order's status changed (the payload has the previous and the new status).</summary>
    public const string OrderStatusChanged = "order.status-changed";

    /// <summary>Shipments of an order were sourced again (e.g. after a warehouse outage).</summary>
    public const string OrderRerouted = "order.rerouted";

    /// <summary>The delivery promise of an order is at risk of being missed.</summary>
    public const string PromiseAtRisk = "promise.at-risk";

    /// <summary>Every known event type.</summary>
    public static IReadOnlyList<string> All { get; } = [OrderStatusChanged, OrderRerouted, PromiseAtRisk];

    /// <summary>True if <paramref name="eventType"/> is a known event type.</summary>
    public static bool IsKnown(string? eventType) => eventType is not null && All.Contains(eventType, StringComparer.Ordinal);
}
