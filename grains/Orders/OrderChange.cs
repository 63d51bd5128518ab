using System.Text.Json.Serialization;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// A change to an order's state. Commands decide and emit changes; <see cref="OrderFold"/> applies them, live and when
/// an activation rebuilds the order from its journal. Stored with an explicit discriminator, never a type name.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "change", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(OrderPlaced), "placed")]
[JsonDerivedType(typeof(StatusChanged), "status")]
[JsonDerivedType(typeof(RulesDecided), "rules")]
[JsonDerivedType(typeof(FlagAdded), "flagAdded")]
[JsonDerivedType(typeof(FlagRemoved), "flagRemoved")]
[JsonDerivedType(typeof(HoldChanged), "hold")]
[JsonDerivedType(typeof(AddressChanged), "address")]
[JsonDerivedType(typeof(LinesChanged), "lines")]
[JsonDerivedType(typeof(AllocationRoundStarted), "round")]
[JsonDerivedType(typeof(ShipmentsAllocated), "shipmentsAllocated")]
[JsonDerivedType(typeof(ShipmentCancelled), "shipmentCancelled")]
[JsonDerivedType(typeof(ShipmentPicked), "shipmentPicked")]
[JsonDerivedType(typeof(ShipmentShipped), "shipmentShipped")]
[JsonDerivedType(typeof(ShipmentDelivered), "shipmentDelivered")]
[JsonDerivedType(typeof(ShipmentServiceChanged), "shipmentService")]
[JsonDerivedType(typeof(ShipmentPromiseRevised), "shipmentPromise")]
[JsonDerivedType(typeof(ReturnOpened), "returnOpened")]
[JsonDerivedType(typeof(ReturnDecided), "returnDecided")]
[JsonDerivedType(typeof(ExchangeLinked), "exchange")]
[JsonDerivedType(typeof(CommandAccepted), "command")]
public abstract record OrderChange;

/// <summary>The order was placed with these lines (its status becomes Created).</summary>
public sealed record OrderPlaced(
    string CustomerId, string Channel, Address ShipTo, bool IsGift, ShippingSpeed Speed, string? Note, DateTimeOffset At, IReadOnlyList<OrderLine> Lines) : OrderChange;

/// <summary>The order moved to <paramref name="Status"/> (checked against the state machine when decided).</summary>
public sealed record StatusChanged(OrderStatus Status) : OrderChange;

/// <summary>What the business rules decided for the order.</summary>
public sealed record RulesDecided(RuleDecision Decision) : OrderChange;

/// <summary>A flag was set.</summary>
public sealed record FlagAdded(string Flag) : OrderChange;

/// <summary>A flag was cleared.</summary>
public sealed record FlagRemoved(string Flag) : OrderChange;

/// <summary>The hold reason was set, or cleared (null).</summary>
public sealed record HoldChanged(string? Reason) : OrderChange;

/// <summary>The delivery address changed.</summary>
public sealed record AddressChanged(Address ShipTo) : OrderChange;

/// <summary>The order's lines are now these (edited, added or cancelled lines).</summary>
public sealed record LinesChanged(IReadOnlyList<OrderLine> Lines) : OrderChange;

/// <summary>An allocation round started; its number names the shipments and reservations it creates.</summary>
public sealed record AllocationRoundStarted(int Round) : OrderChange;

/// <summary>New shipments, reserved, promised and released to their warehouses.</summary>
public sealed record ShipmentsAllocated(IReadOnlyList<ShipmentState> Shipments) : OrderChange;

/// <summary>A shipment was cancelled (its reservations are released).</summary>
public sealed record ShipmentCancelled(string ShipmentId) : OrderChange;

/// <summary>A shipment was picked.</summary>
public sealed record ShipmentPicked(string ShipmentId, DateTimeOffset At) : OrderChange;

/// <summary>A shipment was handed to the carrier.</summary>
public sealed record ShipmentShipped(string ShipmentId, DateTimeOffset At, string Carrier, string? TrackingNumber) : OrderChange;

/// <summary>A shipment was delivered.</summary>
public sealed record ShipmentDelivered(string ShipmentId, DateTimeOffset At) : OrderChange;

/// <summary>A shipment moved to another carrier service.</summary>
public sealed record ShipmentServiceChanged(string ShipmentId, string Carrier, ShippingSpeed Service) : OrderChange;

/// <summary>A shipment's promise was revised: a new promised time, or a new probability of keeping it.</summary>
public sealed record ShipmentPromiseRevised(string ShipmentId, DateTimeOffset PromisedBy, ShipmentPromiseSummary? Promise) : OrderChange;

/// <summary>A return was requested, with the policy's first decision.</summary>
public sealed record ReturnOpened(
    IReadOnlyList<ReturnLine> Lines, string Reason, string Category, string Decision, bool WantsExchange, decimal RefundAmount) : OrderChange;

/// <summary>A reviewer decided a return.</summary>
public sealed record ReturnDecided(string Decision) : OrderChange;

/// <summary>The exchange order created for a return.</summary>
public sealed record ExchangeLinked(string ExchangeOrderId) : OrderChange;

/// <summary>A command was accepted: remembered for idempotent replays; the order's version advances.</summary>
public sealed record CommandAccepted(string IdempotencyKey, string Fingerprint, DateTimeOffset At) : OrderChange;
