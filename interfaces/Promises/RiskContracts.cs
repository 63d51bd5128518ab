using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Interfaces.Promises;

/// <summary>What can be done about a shipment whose committed date is at risk.</summary>
public enum AtRiskActionKind
{
    /// <summary>Ship with a faster service (same warehouse).</summary>
    UpgradeService,

    /// <summary>Source the shipment from another warehouse.</summary>
    MoveWarehouse,

    /// <summary>Source the shipment's lines from several warehouses.</summary>
    Split,

    /// <summary>Keep the plan; tell the customer the new date.</summary>
    NotifyNewDate,
}

/// <summary>An at-risk shipment to re-evaluate.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="ShipmentId">The shipment.</param>
/// <param name="Shipment">Its current warehouse and lane, with the committed date.</param>
/// <param name="Lines">Its lines (for the move and split options).</param>
/// <param name="Tier">The customer's tier.</param>
/// <param name="AcceptsSplit">False: no split option.</param>
/// <param name="Threshold">Below this P(meet the committed date) the shipment is at risk; null for the default (0.85).</param>
public sealed record RiskRequest(
    string OrderId,
    string ShipmentId,
    ShipmentPromiseRequest Shipment,
    IReadOnlyList<RoutingLine> Lines,
    CustomerTier Tier,
    bool AcceptsSplit,
    double? Threshold = null);

/// <summary>One option for an at-risk shipment, ranked (1 = best).</summary>
/// <param name="Rank">1 is the best.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Description">For people.</param>
/// <param name="ProbabilityOnTime">P(meet the committed date) if taken.</param>
/// <param name="NewPromisedBy">The date at the target confidence if taken.</param>
/// <param name="ExtraCost">Extra shipping cost (CNY) compared with the current plan.</param>
/// <param name="WarehouseIds">The warehouse(s) it would ship from.</param>
/// <param name="Carrier">The carrier it would use.</param>
/// <param name="Service">The service it would use.</param>
public sealed record AtRiskOption(
    int Rank,
    AtRiskActionKind Kind,
    string Description,
    double ProbabilityOnTime,
    DateTimeOffset NewPromisedBy,
    decimal ExtraCost,
    IReadOnlyList<string> WarehouseIds,
    string Carrier,
    ShippingSpeed Service);

/// <summary>The re-evaluation of a committed shipment.</summary>
/// <param name="AtRisk">True if P(meet the committed date) is below the threshold.</param>
/// <param name="ProbabilityOnTime">P(meet the committed date) under current conditions.</param>
/// <param name="Threshold">The threshold used.</param>
/// <param name="Current">The shipment's promise under current conditions.</param>
/// <param name="Options">Ranked options (empty when not at risk).</param>
/// <param name="Chosen">The option the policy picks (null when not at risk).</param>
public sealed record RiskAssessment(
    bool AtRisk,
    double ProbabilityOnTime,
    double Threshold,
    ShipmentPromise Current,
    IReadOnlyList<AtRiskOption> Options,
    AtRiskOption? Chosen);
