using System.Text.Json;
using System.Text.Json.Serialization;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// Maps an order change to webhook events: <c>order.status-changed</c> when the status differs from the previous one
/// (a new order's first status counts), and one event per webhook type whose timeline event types the change recorded
/// (<see cref="TimelineEvents"/>). The payload is serialized here, once, so every attempt signs the same bytes.
/// </summary>
public static class WebhookEventMapper
{
    /// <summary>Timeline event types (see the order grain) that raise a webhook event, and the event they raise.</summary>
    public static IReadOnlyDictionary<string, string> TimelineEvents { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Rerouted"] = WebhookEventTypes.OrderRerouted,
        ["SlaAtRisk"] = WebhookEventTypes.PromiseAtRisk,
        ["PromiseAtRisk"] = WebhookEventTypes.PromiseAtRisk,
    };

    /// <summary>JSON of webhook payloads: camelCase, enums as camelCase strings (as the HTTP API writes them).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>The webhook event types <paramref name="change"/> raises, in a stable order (cheap: nothing is serialized).</summary>
    public static IReadOnlyList<string> EventTypesOf(OrderChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var types = new List<string>(2);
        if (change.Status != change.PreviousStatus)
        {
            types.Add(WebhookEventTypes.OrderStatusChanged);
        }

        foreach (var timelineType in change.EventTypes)
        {
            if (TimelineEvents.TryGetValue(timelineType, out var type) && !types.Contains(type, StringComparer.Ordinal))
            {
                types.Add(type);
            }
        }

        return types;
    }

    /// <summary>The webhook events of <paramref name="change"/> of the given <paramref name="types"/>, with their payloads.</summary>
    public static IReadOnlyList<WebhookEventMessage> Map(OrderChanged change, IEnumerable<string> types)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(types);
        var data = new WebhookOrderData(
            change.OrderId, change.CustomerId, change.Channel, change.Status, change.PreviousStatus, change.EventTypes,
            change.Total, change.Units, change.Warehouses, change.IsGift, change.CreatedAt, change.UpdatedAt, change.Version);
        return [.. types.Select(type =>
        {
            var id = WebhookIds.EventId(change.OrderId, change.Version, type);
            var payload = JsonSerializer.Serialize(new WebhookEventEnvelope(id, type, change.UpdatedAt, data), Json);
            return new WebhookEventMessage(id, type, change.OrderId, change.UpdatedAt, payload);
        })];
    }

    /// <summary>Every webhook event of <paramref name="change"/>; none if it raises none.</summary>
    public static IReadOnlyList<WebhookEventMessage> Map(OrderChanged change) => Map(change, EventTypesOf(change));

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}

/// <summary>The JSON body of a webhook delivery.</summary>
/// <param name="Id">Stable per order, order version and type: receivers dedupe on it.</param>
/// <param name="Type">One of the webhook event types.</param>
/// <param name="OccurredAt">When the order changed.</param>
/// <param name="Data">The order after the change.</param>
public sealed record WebhookEventEnvelope(string Id, string Type, DateTimeOffset OccurredAt, WebhookOrderData Data);

/// <summary>The order summary in a webhook payload.</summary>
public sealed record WebhookOrderData(
    string OrderId,
    string CustomerId,
    string Channel,
    OrderStatus Status,
    OrderStatus? PreviousStatus,
    IReadOnlyList<string> TimelineEvents,
    decimal Total,
    int Units,
    IReadOnlyList<string> Warehouses,
    bool IsGift,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
