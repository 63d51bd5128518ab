using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Interfaces.Routing;

/// <summary>A line to source. A line ships whole from one warehouse; lines sharing a ship-together group ship together.</summary>
public sealed record RoutingLine(string LineId, string Sku, int Quantity, string? ShipTogetherGroup, double WeightKg = 0.5);

/// <summary>
/// Weights and limits of sourcing. The score of an allocation (lower is better) is the weighted sum of transit days,
/// shipping cost, one penalty per extra shipment, capacity saturation and kg CO2. Where delivery promises are known,
/// transit days are the promise's hours at its confidence, and a VIP plan meets the SLA when every shipment is at
/// least <c>VipSlaConfidence</c> likely to arrive within <c>VipSlaHours</c>. Business rules can extend the SLA to any
/// tier (<c>EnforceSla</c>), favour warehouses (each shipment from a preferred one lowers the score by
/// <c>PreferenceBonus</c>) and a carrier (its lanes win within the requested service).
/// </summary>
public sealed record RoutingPolicy(
    double TransitWeight = 1.0,
    double CostWeight = 0.05,
    double SplitPenalty = 1.5,
    double SaturationWeight = 0.5,
    double CarbonWeight = 0.02,
    int MaxShipments = 3,
    int VipSlaHours = 48,
    double VipSlaConfidence = 0.9,
    bool EnforceSla = false,
    IReadOnlyList<string>? PreferredWarehouses = null,
    double PreferenceBonus = 1.0,
    string? PreferredCarrier = null)
{
    /// <summary>The default policy.</summary>
    public static RoutingPolicy Default { get; } = new();
}

/// <summary>A sourcing question for one order.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Lines">Lines to source (already reserved lines excluded).</param>
/// <param name="Destination">Where to deliver.</param>
/// <param name="Tier">Customer tier (VIP gets the SLA constraint).</param>
/// <param name="AcceptsSplit">False: one shipment or nothing.</param>
/// <param name="Speed">Requested service level.</param>
/// <param name="ExcludedWarehouses">Warehouses not to use (failed reservations, outages).</param>
/// <param name="Policy">Weights and limits; null for the default.</param>
/// <param name="Reserving">
/// True when the caller reserves the plan next (an allocation, not a quote): routing counts its units against the
/// stock view for later requests until the view shows them.
/// </param>
public sealed record RoutingRequest(
    string OrderId,
    IReadOnlyList<RoutingLine> Lines,
    Address Destination,
    CustomerTier Tier,
    bool AcceptsSplit,
    ShippingSpeed Speed,
    IReadOnlyCollection<string> ExcludedWarehouses,
    RoutingPolicy? Policy = null,
    bool Reserving = false);

/// <summary>A line allocated to a shipment.</summary>
public sealed record AllocatedLine(string LineId, string Sku, int Quantity);

/// <summary>One shipment of a sourcing plan.</summary>
public sealed record ShipmentPlan(
    string WarehouseId,
    IReadOnlyList<AllocatedLine> Lines,
    string Carrier,
    ShippingSpeed Service,
    double EstimatedHours,
    decimal EstimatedCost,
    double DistanceKm,
    double KgCo2);

/// <summary>A line that could not be sourced, with the stock expected to come.</summary>
public sealed record ShortLine(string LineId, string Sku, int Quantity, InboundStock? ExpectedRestock);

/// <summary>The chosen plan (or why there is none), with the reasons it won and why the runner-up lost.</summary>
public sealed record RoutingDecision(
    bool Success,
    IReadOnlyList<ShipmentPlan> Shipments,
    double Score,
    bool MeetsSla,
    IReadOnlyList<string> Reasons,
    string? RunnerUp,
    string? FailureReason,
    IReadOnlyList<ShortLine> ShortLines);

/// <summary>Sourcing (<c>routing/{policy}</c>), a stateless worker: candidates from the SKU inventory view, warehouses from the directory.</summary>
public interface IRoutingGrain : IGrainWithStringKey
{
    Task<RoutingDecision> Route(RoutingRequest request);
}
