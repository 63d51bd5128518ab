using System.Globalization;
using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// An order's side of delivery promises: promising new shipments (the committed date is the date at the target
/// confidence), telling the warehouses' promise watches which orders to re-evaluate, assessing a shipment at risk,
/// and reporting delivered shipments so the lanes learn and calibration is tracked. Promises are advisory: when the
/// promise service cannot be reached the routing table's estimate stands and the order goes on.
/// </summary>
internal sealed class OrderPromises(IGrainFactory grains, string orderId, ILogger logger)
{
    private IPromiseGrain Promise => grains.GetGrain<IPromiseGrain>("default");

    /// <summary>Promises each shipment; returns the per-shipment texts for the timeline.</summary>
    public async Task<List<string>> PromiseAsync(IReadOnlyList<ShipmentState> shipments, Address destination, DateTimeOffset now, double? confidence = null)
    {
        var texts = new List<string>(shipments.Count);
        var promises = await Task.WhenAll(shipments.Select(s => TryAsync(() => Promise.PromiseShipment(new ShipmentPromiseRequest(s.WarehouseId, destination, s.Carrier, s.Service, Confidence: confidence)))));
        for (var i = 0; i < shipments.Count; i++)
        {
            var shipment = shipments[i];
            shipment.ReleasedAt = now;
            if (promises[i] is not { } promise)
            {
                texts.Add($"{shipment.ShipmentId}: by {shipment.PromisedBy:yyyy-MM-dd HH:mm} (table estimate; promise service unavailable)");
                continue;
            }

            shipment.PromisedBy = promise.PromisedBy;
            shipment.Promise = new ShipmentPromiseSummary(
                promise.Confidence, promise.Probability, promise.Text, promise.Basis.TransitLevel, promise.Basis.TransitObservations, promise.Basis.QueueHours, now, HandoverBy: promise.HandoverBy);
            texts.Add($"{shipment.ShipmentId}: {promise.Text}");
        }

        return texts;
    }

    /// <summary>
    /// Tells the watches of the shipments' warehouses to re-evaluate this order when they change, or when a shipment is
    /// not with the carrier by its promised hand-over (the earliest of the order's shipments there).
    /// </summary>
    public Task TrackAsync(IEnumerable<ShipmentState> shipments) =>
        Task.WhenAll(shipments.GroupBy(s => s.WarehouseId, StringComparer.Ordinal).Select(w => TryAsync(() =>
            grains.GetGrain<IPromiseWatchGrain>(w.Key).Track(orderId, w.Min(s => s.Promise?.HandoverBy)))));

    /// <summary>Stops the watches of warehouses where this order has no open shipment left.</summary>
    public Task UntrackAsync(IEnumerable<string> warehouses, IReadOnlyList<ShipmentState> shipments) =>
        Task.WhenAll(warehouses.Distinct(StringComparer.Ordinal)
            .Where(w => !shipments.Any(s => s.WarehouseId == w && s.Status is Interfaces.Orders.ShipmentStatus.Allocated or Interfaces.Orders.ShipmentStatus.ReleasedToWarehouse or Interfaces.Orders.ShipmentStatus.Picked))
            .Select(w => TryAsync(() => grains.GetGrain<IPromiseWatchGrain>(w).Untrack(orderId))));

    /// <summary>Re-evaluates a shipment against the warehouse as it is now (read from the warehouse itself: the directory may lag).</summary>
    public Task<RiskAssessment?> AssessAsync(ShipmentState shipment, Address destination, IReadOnlyList<Interfaces.Orders.OrderLine> lines, CustomerProfile customer) =>
        TryAsync(async () => await Promise.Assess(new RiskRequest(
            orderId,
            shipment.ShipmentId,
            new ShipmentPromiseRequest(
                shipment.WarehouseId,
                destination,
                shipment.Carrier,
                shipment.Service,
                shipment.PromisedBy,
                await grains.GetGrain<Interfaces.Warehouses.IWarehouseGrain>(shipment.WarehouseId).GetSnapshot(),
                shipment.Promise?.Confidence),
            [.. shipment.Lines.Select(l => new RoutingLine(l.LineId, l.Sku, l.Quantity, null, lines.FirstOrDefault(o => o.LineId == l.LineId)?.WeightKg ?? 0.5))],
            customer.Tier,
            customer.Preferences.AcceptsSplitShipments)));

    /// <summary>Re-evaluates a shipment when the carrier takes it (a late hand-over means a stage ran late).</summary>
    public Task<RiskAssessment?> AssessShippedAsync(ShipmentState shipment, Address destination) =>
        shipment.Promise is null
            ? Task.FromResult<RiskAssessment?>(null)
            : TryAsync(() => Promise.AssessShipped(
                new ShipmentPromiseRequest(shipment.WarehouseId, destination, shipment.Carrier, shipment.Service, shipment.PromisedBy, Confidence: shipment.Promise.Confidence),
                shipment.ShippedAt!.Value));

    /// <summary>Feeds the delivered shipment to the lanes (learning) and to calibration.</summary>
    public Task RecordDeliveryAsync(ShipmentState shipment, Address destination) =>
        TryAsync(() => Promise.RecordOutcome(new ShipmentOutcome(
            shipment.WarehouseId,
            destination,
            shipment.Carrier,
            shipment.Service,
            shipment.ReleasedAt ?? shipment.ShippedAt!.Value,
            shipment.Promise?.QueueHours ?? 0,
            shipment.PickedAt,
            shipment.ShippedAt!.Value,
            shipment.DeliveredAt!.Value,
            shipment.Promise?.Confidence,
            shipment.PromisedBy)));

    /// <summary>The options of an at-risk event, one line each: "1. UpgradeService 93%: ...".</summary>
    public static string DescribeOptions(IReadOnlyList<AtRiskOption> options) =>
        string.Join("; ", options.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Rank}. {o.Kind} {o.ProbabilityOnTime:P0} (+¥{o.ExtraCost:0.00}): {o.Description}")));

    private async Task<T?> TryAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            OrderLog.PromiseUnavailable(logger, orderId, exception);
            return null;
        }
    }

    private async Task TryAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            OrderLog.PromiseUnavailable(logger, orderId, exception);
        }
    }
}
