using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Interfaces.Orders;

/// <summary>Lifecycle of an order.</summary>
public enum OrderStatus
{
    Created,
    Validated,
    Allocated,
    Promised,
    ReleasedToWarehouse,
    Picked,
    Shipped,
    Delivered,
    OnHold,
    Backordered,
    Cancelled,
    ReturnRequested,
    ReturnApproved,
    ReturnRejected,
    ReturnReceived,
    Refunded,
    Exchanged,
}

/// <summary>Lifecycle of a shipment.</summary>
public enum ShipmentStatus
{
    Allocated,
    ReleasedToWarehouse,
    Picked,
    Shipped,
    Delivered,
    Cancelled,
}

/// <summary>Who issues a command and its idempotency key: a repeated key returns the first result and changes nothing.</summary>
public sealed record CommandContext(string IdempotencyKey, string Actor);

/// <summary>A line as the caller places it.</summary>
public sealed record OrderLineInput(string Sku, int Quantity, decimal UnitPrice, string? ShipTogetherGroup = null, bool IsGift = false, double WeightKg = 0.5);

/// <summary>A new order.</summary>
public sealed record PlaceOrder(
    string CustomerId,
    string Channel,
    IReadOnlyList<OrderLineInput> Lines,
    Address ShipTo,
    bool IsGift = false,
    ShippingSpeed Speed = ShippingSpeed.Standard,
    string? Note = null);

/// <summary>A line of an order.</summary>
public sealed record OrderLine(string LineId, string Sku, int Quantity, decimal UnitPrice, string? ShipTogetherGroup, bool IsGift, double WeightKg, bool Cancelled);

/// <summary>A shipment of an order; <paramref name="Promise"/> is its delivery promise (null for shipments promised before promises existed).</summary>
public sealed record Shipment(
    string ShipmentId,
    string WarehouseId,
    IReadOnlyList<AllocatedLine> Lines,
    ShipmentStatus Status,
    string Carrier,
    ShippingSpeed Service,
    double EstimatedHours,
    DateTimeOffset PromisedBy,
    string? TrackingNumber,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt,
    ShipmentPromiseSummary? Promise = null);

/// <summary>What an order looks like now.</summary>
public sealed record OrderView(
    string OrderId,
    string CustomerId,
    string Channel,
    OrderStatus Status,
    IReadOnlyList<OrderLine> Lines,
    Address ShipTo,
    IReadOnlyList<Shipment> Shipments,
    bool IsGift,
    ShippingSpeed Speed,
    string? HoldReason,
    IReadOnlyList<string> Flags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    ReturnView? Return);

/// <summary>A line change: set a line's quantity (0 removes it), or add a line when <paramref name="LineId"/> is null.</summary>
public sealed record LineChange(string? LineId, string? Sku, int Quantity, decimal? UnitPrice = null);

/// <summary>An event from a warehouse or carrier about a shipment.</summary>
public sealed record ShipmentEvent(string ShipmentId, ShipmentEventKind Kind, DateTimeOffset At, string? Carrier = null, string? TrackingNumber = null);

/// <summary>Kinds of shipment events.</summary>
public enum ShipmentEventKind
{
    Picked,
    Shipped,
    Delivered,
}

/// <summary>A line to return.</summary>
public sealed record ReturnLine(string LineId, int Quantity);

/// <summary>A return (RMA) request.</summary>
public sealed record ReturnRequest(IReadOnlyList<ReturnLine> Lines, string Reason, bool WantsExchange = false);

/// <summary>A returned line as received: sellable units go back to stock.</summary>
public sealed record ReceivedLine(string LineId, int Quantity, bool Sellable);

/// <summary>The state of a return.</summary>
public sealed record ReturnView(
    IReadOnlyList<ReturnLine> Lines,
    string Reason,
    string Category,
    string Decision,
    bool WantsExchange,
    decimal RefundAmount,
    string? ExchangeOrderId);

/// <summary>One entry of an order's timeline: what happened, when, where, by whom and why.</summary>
public sealed record TimelineEvent(
    long Sequence,
    string Type,
    DateTimeOffset At,
    string Source,
    string Silo,
    string Actor,
    string? Reason,
    IReadOnlyDictionary<string, string> Context);

/// <summary>
/// The timeline events one accepted command recorded, in order: one record of the order's timeline stream per
/// command (one stored row instead of one per event).
/// </summary>
public sealed record TimelineRecord(IReadOnlyList<TimelineEvent> Events);

/// <summary>
/// Summary of an order after one accepted command, published on <see cref="OrderStreams.Changes"/> in the same
/// transaction as the order's state: the feed of read models (order search) and webhooks.
/// </summary>
/// <remarks><c>EventTypes</c> are the timeline event types the command recorded, in order.</remarks>
public sealed record OrderChanged(
    string OrderId,
    string CustomerId,
    string Channel,
    OrderStatus Status,
    OrderStatus? PreviousStatus,
    IReadOnlyList<string> EventTypes,
    decimal Total,
    int Units,
    IReadOnlyList<string> Warehouses,
    bool IsGift,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>Stream names of orders.</summary>
public static class OrderStreams
{
    /// <summary>
    /// Each order's journal, keyed by order id: one record per accepted command, readable as a
    /// <see cref="TimelineRecord"/> (the order's own records also carry the state changes it folds on activation).
    /// </summary>
    public const string Timeline = "order-timeline";

    /// <summary>Order summaries after every change, keyed by <see cref="ChangeShard"/> so a few consumers see every order.</summary>
    public const string Changes = "order-changes";

    /// <summary>Number of change shards.</summary>
    public const int ChangeShards = 16;

    /// <summary>The change stream key of an order: <c>shard-{0..15}</c> by a stable hash of its id.</summary>
    public static string ChangeShard(string orderId) => $"shard-{StableHash.Fnv1a32(orderId) % ChangeShards}";
}
