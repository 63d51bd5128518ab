using System.Text.Json.Serialization;

namespace OrderGrains.Interfaces.Rules;

/// <summary>What a matching rule does; the JSON property <c>type</c> names the kind.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RoutingWeightsAction), "routingWeights")]
[JsonDerivedType(typeof(ExcludeWarehousesAction), "excludeWarehouses")]
[JsonDerivedType(typeof(PreferWarehousesAction), "preferWarehouses")]
[JsonDerivedType(typeof(MaxSplitsAction), "maxSplits")]
[JsonDerivedType(typeof(ShipTogetherAction), "shipTogether")]
[JsonDerivedType(typeof(SlaAction), "sla")]
[JsonDerivedType(typeof(PriorityAction), "priority")]
[JsonDerivedType(typeof(HoldAction), "hold")]
[JsonDerivedType(typeof(AttachInsertAction), "attachInsert")]
[JsonDerivedType(typeof(BlockMergeAction), "blockMerge")]
[JsonDerivedType(typeof(CarrierServiceAction), "carrierService")]
[JsonDerivedType(typeof(PromiseConfidenceAction), "promiseConfidence")]
[JsonDerivedType(typeof(TagAction), "tag")]
public abstract record RuleAction;

/// <summary>Sets routing score weights (only those given); see the routing policy.</summary>
public sealed record RoutingWeightsAction(double? Transit = null, double? Cost = null, double? SplitPenalty = null, double? Saturation = null, double? Carbon = null) : RuleAction;

/// <summary>Never source from these warehouses.</summary>
public sealed record ExcludeWarehousesAction(IReadOnlyList<string> Warehouses) : RuleAction;

/// <summary>Prefer these warehouses: each shipment from one lowers the plan's score by <paramref name="Bonus"/>.</summary>
public sealed record PreferWarehousesAction(IReadOnlyList<string> Warehouses, double Bonus = 1.0) : RuleAction;

/// <summary>At most this many shipments.</summary>
public sealed record MaxSplitsAction(int Shipments) : RuleAction;

/// <summary>Every line ships from one warehouse in one shipment.</summary>
public sealed record ShipTogetherAction : RuleAction;

/// <summary>Delivery within <paramref name="Hours"/> (at <paramref name="Confidence"/>) is a routing preference for this order, whatever the tier.</summary>
public sealed record SlaAction(int Hours, double? Confidence = null) : RuleAction;

/// <summary>Fulfilment priority 0-100 (the highest of all matching rules wins).</summary>
public sealed record PriorityAction(int Level) : RuleAction;

/// <summary>Holds the order for review before anything is allocated.</summary>
public sealed record HoldAction(string Reason) : RuleAction;

/// <summary>Puts an insert (card, leaflet) or a gift into the parcel.</summary>
public sealed record AttachInsertAction(string Item, InsertKind Kind = InsertKind.Insert) : RuleAction;

/// <summary>Kinds of parcel additions.</summary>
public enum InsertKind
{
    Insert,
    Gift,
}

/// <summary>The order is never merged into a near-duplicate.</summary>
public sealed record BlockMergeAction : RuleAction;

/// <summary>Ships with this service level (and, if given, prefers this carrier's lanes).</summary>
public sealed record CarrierServiceAction(ShippingSpeed Service, string? Carrier = null) : RuleAction;

/// <summary>The delivery promise's target confidence (0.5-0.999).</summary>
public sealed record PromiseConfidenceAction(double Target) : RuleAction;

/// <summary>Tags the order (shown in its flags as <c>tag:NAME</c>).</summary>
public sealed record TagAction(IReadOnlyList<string> Tags) : RuleAction;
