using OrderGrains.Interfaces.Orders;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// A line change: with <c>lineId</c>, the line's new quantity (0 removes it); without, a new line with <c>sku</c>,
/// <c>quantity</c> and <c>unitPrice</c>.
/// </summary>
public sealed record LineChangeRequest(string? LineId, string? Sku, int Quantity, decimal? UnitPrice = null);

/// <summary>Changes to an order's lines, applied together.</summary>
public sealed record ChangeLinesRequest(IReadOnlyList<LineChangeRequest> Changes);

/// <summary>Cancels the given lines, or the whole order when <c>lineIds</c> is omitted.</summary>
public sealed record CancelOrderRequest(string Reason, IReadOnlyList<string>? LineIds = null);

/// <summary>An event from a warehouse or carrier about a shipment: what happened (<c>kind</c>) and when (<c>at</c>) are required.</summary>
public sealed record ShipmentEventRequest(ShipmentEventKind? Kind, DateTimeOffset? At, string? Carrier = null, string? TrackingNumber = null);

/// <summary>A line to return and how many units.</summary>
public sealed record ReturnLineRequest(string LineId, int Quantity);

/// <summary>A return (RMA) request for delivered lines.</summary>
public sealed record CreateReturnRequest(IReadOnlyList<ReturnLineRequest> Lines, string Reason, bool WantsExchange = false);

/// <summary>A person's decision on a return under review.</summary>
public sealed record ReturnDecisionRequest(bool? Approve, string? Note = null);

/// <summary>A returned line as received; sellable units go back to stock.</summary>
public sealed record ReceivedLineRequest(string LineId, int Quantity, bool Sellable);

/// <summary>Returned goods as received at the warehouse.</summary>
public sealed record ReceiveReturnRequest(IReadOnlyList<ReceivedLineRequest> Lines);
