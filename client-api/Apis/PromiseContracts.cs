using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.ClientApi.Apis;

/// <summary>A cart line to quote.</summary>
/// <param name="Sku">A stocked SKU.</param>
/// <param name="Quantity">Units, 1 to 10,000.</param>
/// <param name="WeightKg">Weight of one unit (default 0.5 kg).</param>
/// <param name="ShipTogetherGroup">Lines with the same group ship in one parcel.</param>
public sealed record QuoteLineRequest(string Sku, int Quantity, double? WeightKg = null, string? ShipTogetherGroup = null);

/// <summary>Where a quote is delivered. No name, street or phone: a quote needs only the place.</summary>
/// <param name="City">City.</param>
/// <param name="Region">Region or province (names the carrier lane).</param>
/// <param name="PostalCode">Postal code.</param>
/// <param name="Country">ISO 3166 two-letter code.</param>
/// <param name="Latitude">Latitude, -90 to 90.</param>
/// <param name="Longitude">Longitude, -180 to 180.</param>
public sealed record QuoteDestinationRequest(string City, string Region, string PostalCode, string Country, double? Latitude, double? Longitude)
{
    /// <summary>The destination as a domain address (without a recipient).</summary>
    public Address ToAddress() =>
        new(string.Empty, string.Empty, City.Trim(), Region.Trim(), PostalCode.Trim(), Country.Trim().ToUpperInvariant(), Latitude ?? 0, Longitude ?? 0);
}

/// <summary>A pre-purchase question: when would this cart arrive? Nothing is reserved or created.</summary>
/// <param name="Lines">The cart (1 to 100 lines); in the answer, line <c>Qn</c> is the n-th line.</param>
/// <param name="Destination">Where to deliver.</param>
/// <param name="Speed">standard (default), express or priority.</param>
/// <param name="AcceptsSplit">False: one shipment or none (default true).</param>
/// <param name="Confidence">Target confidence of the promised date, 0.5 to 0.999 (default: the configured one).</param>
public sealed record QuoteRequestBody(
    IReadOnlyList<QuoteLineRequest> Lines,
    QuoteDestinationRequest Destination,
    ShippingSpeed? Speed = null,
    bool? AcceptsSplit = null,
    double? Confidence = null);

/// <summary>A shipment's delivery promise: the date at the target confidence and the daily probabilities.</summary>
/// <param name="WarehouseId">Origin warehouse.</param>
/// <param name="Carrier">Carrier.</param>
/// <param name="Service">Service level.</param>
/// <param name="PromisedBy">End of the first local day by which delivery is at least <paramref name="Confidence"/> likely.</param>
/// <param name="Probability">P(delivered by <paramref name="PromisedBy"/>).</param>
/// <param name="Confidence">Target confidence.</param>
/// <param name="Text">Text for shoppers, e.g. "92% chance by Sat 28 Feb".</param>
/// <param name="MedianHours">Median hours until delivery.</param>
/// <param name="Daily">P(delivered by the end of each local day).</param>
/// <param name="Basis">How much data the promise rests on.</param>
/// <param name="ComputedAt">When it was computed.</param>
public sealed record ShipmentPromiseResponse(
    string WarehouseId,
    string Carrier,
    ShippingSpeed Service,
    DateTimeOffset PromisedBy,
    double Probability,
    double Confidence,
    string Text,
    double MedianHours,
    IReadOnlyList<PromisePoint> Daily,
    string Basis,
    DateTimeOffset ComputedAt)
{
    /// <summary>The response for <paramref name="promise"/> (the hourly distribution stays inside).</summary>
    public static ShipmentPromiseResponse From(ShipmentPromise promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return new(promise.WarehouseId, promise.Carrier, promise.Service, promise.PromisedBy, promise.Probability, promise.Confidence,
            promise.Text, promise.MedianHours, promise.Daily, promise.Basis.Summary, promise.ComputedAt);
    }
}

/// <summary>One shipment of a quote.</summary>
/// <param name="WarehouseId">Warehouse it would ship from.</param>
/// <param name="Lines">Lines (ids <c>Qn</c>) and units in it.</param>
/// <param name="EstimatedCost">Estimated shipping cost.</param>
/// <param name="Promise">Its delivery promise.</param>
public sealed record QuotedShipmentResponse(string WarehouseId, IReadOnlyList<AllocatedLine> Lines, decimal EstimatedCost, ShipmentPromiseResponse Promise);

/// <summary>A line that cannot be sourced now.</summary>
/// <param name="LineId">Line id (<c>Qn</c>).</param>
/// <param name="Sku">SKU.</param>
/// <param name="Quantity">Units short.</param>
/// <param name="ExpectedRestock">Stock expected to arrive, if any.</param>
public sealed record QuoteShortLineResponse(string LineId, string Sku, int Quantity, InboundStock? ExpectedRestock);

/// <summary>The answer to a quote.</summary>
/// <param name="Available">False when the cart cannot be sourced now (see <paramref name="UnavailableReason"/> and <paramref name="ShortLines"/>).</param>
/// <param name="DeliveredBy">When the whole cart arrives (its latest shipment's date).</param>
/// <param name="Text">Text for the whole cart.</param>
/// <param name="Shipments">Shipments routing would choose now, with their promises.</param>
/// <param name="UnavailableReason">Why the cart cannot ship.</param>
/// <param name="ShortLines">Lines without stock, with their expected restock.</param>
public sealed record QuoteResponse(
    bool Available,
    DateTimeOffset? DeliveredBy,
    string? Text,
    IReadOnlyList<QuotedShipmentResponse> Shipments,
    string? UnavailableReason,
    IReadOnlyList<QuoteShortLineResponse> ShortLines)
{
    /// <summary>The response for <paramref name="quote"/>.</summary>
    public static QuoteResponse From(DeliveryQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return new(
            quote.Available,
            quote.DeliveredBy,
            quote.Text,
            [.. quote.Shipments.Select(s => new QuotedShipmentResponse(s.WarehouseId, s.Lines, s.EstimatedCost, ShipmentPromiseResponse.From(s.Promise)))],
            quote.UnavailableReason,
            [.. quote.ShortLines.Select(l => new QuoteShortLineResponse(l.LineId, l.Sku, l.Quantity, l.ExpectedRestock))]);
    }
}

/// <summary>A placed shipment's committed date and its current outlook.</summary>
/// <param name="ShipmentId">Shipment id.</param>
/// <param name="Status">Shipment status.</param>
/// <param name="CommittedBy">The date committed to the customer.</param>
/// <param name="CommittedText">The text shown when it was committed.</param>
/// <param name="ProbabilityByCommitted">P(delivered by the committed date) now; null once delivered.</param>
/// <param name="Current">The promise as computed now; null once delivered.</param>
public sealed record ShipmentOutlookResponse(
    string ShipmentId,
    string Status,
    DateTimeOffset CommittedBy,
    string? CommittedText,
    double? ProbabilityByCommitted,
    ShipmentPromiseResponse? Current);

/// <summary>The promise of a placed order.</summary>
/// <param name="OrderId">Order id.</param>
/// <param name="Shipments">Each shipment that is not cancelled.</param>
public sealed record OrderPromiseResponse(string OrderId, IReadOnlyList<ShipmentOutlookResponse> Shipments)
{
    /// <summary>The response for <paramref name="promise"/>.</summary>
    public static OrderPromiseResponse From(OrderPromise promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return new(promise.OrderId, [.. promise.Shipments.Select(s => new ShipmentOutlookResponse(
            s.ShipmentId, s.Status, s.CommittedBy, s.CommittedText, s.Current?.ProbabilityByCommitted,
            s.Current is null ? null : ShipmentPromiseResponse.From(s.Current)))]);
    }
}
