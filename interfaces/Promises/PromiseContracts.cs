using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Interfaces.Promises;

/// <summary>A question about one shipment: from which warehouse, to where, with which carrier and service.</summary>
/// <param name="WarehouseId">Origin warehouse.</param>
/// <param name="Destination">Delivery address (its region names the lane; its location sets the prior's distance).</param>
/// <param name="Carrier">Carrier of the lane.</param>
/// <param name="Service">Service level of the lane.</param>
/// <param name="CommittedBy">The date already committed to the customer, if any: the answer then includes P(delivered by it).</param>
/// <param name="Warehouse">The warehouse's current snapshot when the caller has a fresher one than the directory.</param>
/// <param name="Confidence">Target confidence of the promised date; null for the configured default (0.90).</param>
/// <param name="ExtraUnits">Units not yet in the warehouse's backlog (a quote): they queue behind it.</param>
public sealed record ShipmentPromiseRequest(
    string WarehouseId,
    Address Destination,
    string Carrier,
    ShippingSpeed Service,
    DateTimeOffset? CommittedBy = null,
    WarehouseSnapshot? Warehouse = null,
    double? Confidence = null,
    int ExtraUnits = 0);

/// <summary>How much data a promise rests on.</summary>
/// <param name="TransitLevel">The most specific level of the transit hierarchy with enough observations.</param>
/// <param name="TransitObservations">Recency-weighted observations at that level.</param>
/// <param name="ProcessingLevel">The same for pick and pack.</param>
/// <param name="ProcessingObservations">Recency-weighted observations at that level.</param>
/// <param name="QueueHours">Median working hours the shipment waits behind the warehouse's backlog.</param>
/// <param name="Summary">One line for people, e.g. "lane WH-SH → Beijing (SF Express Express), 412 observations".</param>
public sealed record PromiseBasis(
    FallbackLevel TransitLevel,
    double TransitObservations,
    FallbackLevel ProcessingLevel,
    double ProcessingObservations,
    double QueueHours,
    string Summary);

/// <summary>P(delivered by the end of a local day).</summary>
public sealed record PromisePoint(DateOnly Day, double Probability);

/// <summary>
/// The delivery promise of one shipment: the distribution of its delivery time (as an hourly CDF from
/// <paramref name="ComputedAt"/>), the date at the target confidence and its text form ("92% chance by Sat 28 Feb").
/// </summary>
/// <param name="WarehouseId">Origin warehouse.</param>
/// <param name="Carrier">Carrier.</param>
/// <param name="Service">Service level.</param>
/// <param name="Lane">The transit lane key.</param>
/// <param name="ComputedAt">When the promise was made; the CDF counts hours from here.</param>
/// <param name="Confidence">Target confidence.</param>
/// <param name="PromisedBy">End of the first local day by which delivery is at least <paramref name="Confidence"/> likely.</param>
/// <param name="Probability">P(delivered by <paramref name="PromisedBy"/>).</param>
/// <param name="Text">The text form shown to shoppers.</param>
/// <param name="MedianHours">Median hours until delivery.</param>
/// <param name="HoursAtConfidence">Hours until delivery at the target confidence (before rounding to a day).</param>
/// <param name="HourlyCdf">P(delivered within h hours) at h = 0, 1, 2, ... until it reaches 1 (the grid of the model).</param>
/// <param name="Daily">P(delivered by the end of each local day) until it reaches 99.9%.</param>
/// <param name="Basis">How much data the promise rests on.</param>
/// <param name="CommittedBy">The committed date asked about, if any.</param>
/// <param name="ProbabilityByCommitted">P(delivered by <paramref name="CommittedBy"/>), if asked.</param>
/// <param name="HandoverBy">When the carrier has it at the promise's confidence: a shipment still at the warehouse
/// later than this is running late (not set for a shipment already in transit).</param>
public sealed record ShipmentPromise(
    string WarehouseId,
    string Carrier,
    ShippingSpeed Service,
    string Lane,
    DateTimeOffset ComputedAt,
    double Confidence,
    DateTimeOffset PromisedBy,
    double Probability,
    string Text,
    double MedianHours,
    double HoursAtConfidence,
    IReadOnlyList<double> HourlyCdf,
    IReadOnlyList<PromisePoint> Daily,
    PromiseBasis Basis,
    DateTimeOffset? CommittedBy = null,
    double? ProbabilityByCommitted = null,
    DateTimeOffset? HandoverBy = null)
{
    /// <summary>P(delivered by <paramref name="deadline"/>), exact on the model's hourly grid.</summary>
    public double ProbabilityBy(DateTimeOffset deadline)
    {
        var hours = (deadline - ComputedAt).TotalHours;
        if (hours < 0 || HourlyCdf.Count == 0)
        {
            return 0;
        }

        var index = (int)Math.Min(Math.Floor(hours), HourlyCdf.Count - 1);
        return HourlyCdf[index];
    }
}

/// <summary>A cart line to quote.</summary>
public sealed record QuoteLine(string Sku, int Quantity, double WeightKg = 0.5, string? ShipTogetherGroup = null);

/// <summary>A pre-purchase question: when would this cart arrive at this address? Nothing is reserved or created.</summary>
/// <param name="Lines">The cart.</param>
/// <param name="Destination">Where to deliver.</param>
/// <param name="Speed">Requested service level.</param>
/// <param name="Tier">The shopper's tier (VIP routing prefers plans meeting the SLA).</param>
/// <param name="AcceptsSplit">False: one shipment or none.</param>
/// <param name="Confidence">Target confidence; null for the default.</param>
public sealed record QuoteRequest(
    IReadOnlyList<QuoteLine> Lines,
    Address Destination,
    ShippingSpeed Speed = ShippingSpeed.Standard,
    CustomerTier Tier = CustomerTier.Standard,
    bool AcceptsSplit = true,
    double? Confidence = null);

/// <summary>One shipment of a quote, with its promise.</summary>
public sealed record QuotedShipment(string WarehouseId, IReadOnlyList<AllocatedLine> Lines, decimal EstimatedCost, ShipmentPromise Promise);

/// <summary>The answer to a quote: the shipments routing would choose now and their promises, or why the cart cannot ship.</summary>
/// <param name="Available">False when the cart cannot be sourced now.</param>
/// <param name="Shipments">Per-shipment promises.</param>
/// <param name="DeliveredBy">The latest shipment's promised date.</param>
/// <param name="Text">Text form for the whole cart (the latest shipment's).</param>
/// <param name="UnavailableReason">Why the cart cannot ship, when it cannot.</param>
/// <param name="ShortLines">Lines without stock, with their expected restock.</param>
public sealed record DeliveryQuote(
    bool Available,
    IReadOnlyList<QuotedShipment> Shipments,
    DateTimeOffset? DeliveredBy,
    string? Text,
    string? UnavailableReason,
    IReadOnlyList<ShortLine> ShortLines);

/// <summary>The current outlook of a placed shipment against the date committed to the customer.</summary>
public sealed record ShipmentOutlook(string ShipmentId, string Status, DateTimeOffset CommittedBy, string? CommittedText, ShipmentPromise? Current);

/// <summary>The promise of a placed order: each shipment's committed date and its current probability.</summary>
public sealed record OrderPromise(string OrderId, IReadOnlyList<ShipmentOutlook> Shipments);

/// <summary>A warehouse and lane routing may use, to be scored by its promise.</summary>
public sealed record LaneCandidate(string WarehouseId, string Carrier, ShippingSpeed Service);

/// <summary>Routing's question: for each candidate, hours at the confidence and P(delivered within the SLA).</summary>
public sealed record LaneOutlookRequest(Address Destination, IReadOnlyList<LaneCandidate> Candidates, double SlaHours, double Confidence);

/// <summary>One candidate's outlook.</summary>
public sealed record LaneOutlook(string WarehouseId, string Carrier, ShippingSpeed Service, double HoursAtConfidence, double ProbabilityWithinSla);

/// <summary>What happened to a delivered shipment, for learning and calibration.</summary>
/// <param name="WarehouseId">Origin warehouse.</param>
/// <param name="Destination">Delivery address.</param>
/// <param name="Carrier">Carrier.</param>
/// <param name="Service">Service level.</param>
/// <param name="ReleasedAt">When the warehouse got the shipment.</param>
/// <param name="QueueHours">Queued work ahead of it then (from its promise).</param>
/// <param name="PickedAt">When it was picked, if known.</param>
/// <param name="ShippedAt">When the carrier took it.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
/// <param name="Confidence">Confidence of its promise, if it had one.</param>
/// <param name="PromisedBy">The committed date.</param>
public sealed record ShipmentOutcome(
    string WarehouseId,
    Address Destination,
    string Carrier,
    ShippingSpeed Service,
    DateTimeOffset ReleasedAt,
    double QueueHours,
    DateTimeOffset? PickedAt,
    DateTimeOffset ShippedAt,
    DateTimeOffset DeliveredAt,
    double? Confidence,
    DateTimeOffset PromisedBy);

/// <summary>The promise kept on a shipment: what the customer was told, on what data, and its latest re-evaluation.</summary>
/// <param name="Confidence">Confidence of the committed date.</param>
/// <param name="Probability">P(delivered by the committed date) when it was promised.</param>
/// <param name="Text">What the customer was told ("92% chance by Sat 28 Feb").</param>
/// <param name="TransitLevel">The level of data the transit rested on.</param>
/// <param name="TransitObservations">Observations at that level.</param>
/// <param name="QueueHours">Queued work ahead of it at the warehouse then.</param>
/// <param name="PromisedAt">When it was promised.</param>
/// <param name="CurrentProbability">P(delivered by the committed date) at the latest re-evaluation.</param>
/// <param name="ReevaluatedAt">When it was last re-evaluated.</param>
/// <param name="HandoverBy">When the carrier should have it at the promise's confidence.</param>
public sealed record ShipmentPromiseSummary(
    double Confidence,
    double Probability,
    string Text,
    FallbackLevel TransitLevel,
    double TransitObservations,
    double QueueHours,
    DateTimeOffset PromisedAt,
    double? CurrentProbability = null,
    DateTimeOffset? ReevaluatedAt = null,
    DateTimeOffset? HandoverBy = null);
