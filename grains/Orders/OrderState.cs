using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// An order as folded from its journal: its snapshot (stored every few records) plus the records after it. Includes the
/// timeline and the outcomes of recent commands. Changed only by <see cref="OrderFold"/>.
/// </summary>
public sealed class OrderState
{
    public bool Exists { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string Channel { get; set; } = string.Empty;

    public OrderStatus Status { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public Address? ShipTo { get; set; }

    public List<ShipmentState> Shipments { get; set; } = [];

    public bool IsGift { get; set; }

    public ShippingSpeed Speed { get; set; }

    public string? Note { get; set; }

    public string? HoldReason { get; set; }

    public List<string> Flags { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    public int AllocationRound { get; set; }

    public List<TimelineEvent> Timeline { get; set; } = [];

    public Dictionary<string, CommandRecord> Commands { get; set; } = new(StringComparer.Ordinal);

    public ReturnState? Return { get; set; }

    /// <summary>What the business rules decided when the order was placed; every allocation of the order follows it.</summary>
    public RuleDecision? Rules { get; set; }

    public IEnumerable<ShipmentState> ActiveShipments => Shipments.Where(s => s.Status != ShipmentStatus.Cancelled);

    public IEnumerable<OrderLine> ActiveLines => Lines.Where(l => !l.Cancelled);
}

/// <summary>A shipment with the reservations that hold its stock.</summary>
public sealed class ShipmentState
{
    public string ShipmentId { get; set; } = string.Empty;

    public string WarehouseId { get; set; } = string.Empty;

    public List<AllocatedLine> Lines { get; set; } = [];

    /// <summary>Reservation id per line id.</summary>
    public Dictionary<string, string> Reservations { get; set; } = new(StringComparer.Ordinal);

    public ShipmentStatus Status { get; set; }

    public string Carrier { get; set; } = string.Empty;

    public ShippingSpeed Service { get; set; }

    public double EstimatedHours { get; set; }

    public DateTimeOffset PromisedBy { get; set; }

    public string? TrackingNumber { get; set; }

    public DateTimeOffset? ShippedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When the warehouse got it (the promise's queue and pick and pack start here).</summary>
    public DateTimeOffset? ReleasedAt { get; set; }

    public DateTimeOffset? PickedAt { get; set; }

    /// <summary>Its delivery promise; null if the promise service could not be reached (the table estimate stands).</summary>
    public ShipmentPromiseSummary? Promise { get; set; }

    public bool IsOpen => Status is ShipmentStatus.Allocated or ShipmentStatus.ReleasedToWarehouse;

    public ShipmentState Clone() => new()
    {
        ShipmentId = ShipmentId,
        WarehouseId = WarehouseId,
        Lines = [.. Lines],
        Reservations = new(Reservations, StringComparer.Ordinal),
        Status = Status,
        Carrier = Carrier,
        Service = Service,
        EstimatedHours = EstimatedHours,
        PromisedBy = PromisedBy,
        TrackingNumber = TrackingNumber,
        ShippedAt = ShippedAt,
        DeliveredAt = DeliveredAt,
        ReleasedAt = ReleasedAt,
        PickedAt = PickedAt,
        Promise = Promise,
    };

    public Shipment ToView() => new(ShipmentId, WarehouseId, [.. Lines], Status, Carrier, Service, EstimatedHours, PromisedBy, TrackingNumber, ShippedAt, DeliveredAt, Promise);
}

/// <summary>The outcome of a command, kept for idempotent replays.</summary>
/// <param name="Fingerprint">Hash of the command's content: the same key with other content is refused.</param>
/// <param name="ErrorCode">The refusal's code, when the command was refused.</param>
/// <param name="ErrorMessage">The refusal's message.</param>
/// <param name="Sequence">Order of the record, to keep only the most recent ones.</param>
public sealed record CommandRecord(string Fingerprint, string? ErrorCode, string? ErrorMessage, long Sequence);

/// <summary>A return in progress.</summary>
public sealed class ReturnState
{
    public List<ReturnLine> Lines { get; set; } = [];

    public string Reason { get; set; } = string.Empty;

    public string Category { get; set; } = string.Empty;

    public string Decision { get; set; } = string.Empty;

    public bool WantsExchange { get; set; }

    public decimal RefundAmount { get; set; }

    public string? ExchangeOrderId { get; set; }

    public ReturnView ToView() => new([.. Lines], Reason, Category, Decision, WantsExchange, RefundAmount, ExchangeOrderId);
}
