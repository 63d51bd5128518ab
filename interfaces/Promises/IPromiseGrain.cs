namespace OrderGrains.Interfaces.Promises;

/// <summary>
/// Delivery promises (<c>promise/default</c>), a stateless worker: composes the warehouse stages (queue, pick and
/// pack, waiting for the carrier cut-off, the working calendar) and the learned lane transit into the distribution
/// of the delivery time, and answers with P(delivered by D), the date at a confidence and its text form.
/// </summary>
public interface IPromiseGrain : IGrainWithStringKey
{
    /// <summary>The promise of one shipment.</summary>
    Task<ShipmentPromise> PromiseShipment(ShipmentPromiseRequest request);

    /// <summary>A pre-purchase quote: routes the cart as an order would (nothing reserved) and promises each shipment.</summary>
    Task<DeliveryQuote> Quote(QuoteRequest request);

    /// <summary>The committed dates of a placed order and their current probabilities.</summary>
    Task<OrderPromise> GetOrderPromise(string orderId);

    /// <summary>Routing's batch question: hours at the confidence and P(within the SLA) per candidate lane.</summary>
    Task<IReadOnlyList<LaneOutlook>> Outlook(LaneOutlookRequest request);

    /// <summary>Re-evaluates a committed shipment; below the threshold, computes and ranks the options.</summary>
    Task<RiskAssessment> Assess(RiskRequest request);

    /// <summary>
    /// Re-evaluates a shipment the carrier took at <paramref name="shippedAt"/> (late hand-over: a stage ran late): only the
    /// transit is left. Below the threshold, the only option is telling the customer the new date.
    /// </summary>
    Task<RiskAssessment> AssessShipped(ShipmentPromiseRequest shipment, DateTimeOffset shippedAt);

    /// <summary>Learns from a delivered shipment (transit, pick and pack) and records it against its promise (calibration).</summary>
    Task RecordOutcome(ShipmentOutcome outcome);
}
