using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// Allocation as a saga: route, then reserve every line at its stock slot while registering the load with each
/// warehouse; if any step is refused (another order won the race, a warehouse filled up), release what was taken and route again
/// without the warehouses that refused. Reservations are unconfirmed until the order has stored the allocation, so
/// a crash in between leaves nothing owned: they lapse.
/// </summary>
internal sealed class AllocationSaga(IGrainFactory grains, string orderId)
{
    public const int MaxAttempts = 3;

    public async Task<AllocationOutcome> AllocateAsync(
        IReadOnlyList<OrderLine> lines, Address destination, CustomerProfile customer, ShippingSpeed speed,
        IReadOnlyCollection<string> excluded, IReadOnlyList<ShipmentState> keptShipments, int round, DateTimeOffset now, RuleDecision? rules = null)
    {
        var exclusions = new HashSet<string>(excluded, StringComparer.Ordinal);
        if (rules is not null)
        {
            exclusions.UnionWith(rules.ExcludedWarehouses);
        }

        // Ship-together from the rules: every line in one group, so one warehouse ships them all.
        var together = rules?.ShipTogether == true ? "rules:together" : null;
        var policy = rules?.ToPolicy(RoutingPolicy.Default);
        var service = rules?.Service ?? speed;
        var failures = new List<string>();
        RoutingDecision? decision = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var request = new RoutingRequest(
                orderId,
                [.. lines.Select(l => new RoutingLine(l.LineId, l.Sku, l.Quantity, together ?? l.ShipTogetherGroup, l.WeightKg))],
                destination,
                customer.Tier,
                customer.Preferences.AcceptsSplitShipments,
                service,
                [.. exclusions],
                policy,
                Reserving: true);
            decision = await grains.GetGrain<IRoutingGrain>("default").Route(request);
            if (!decision.Success)
            {
                return new AllocationOutcome(false, [], decision, failures, decision.FailureReason ?? "no warehouse can source the order", decision.ShortLines);
            }

            var planned = decision.Shipments
                .SelectMany(s => s.Lines.Select(l => (Plan: s, Line: l, ReservationId: $"{orderId}:{round}.{attempt}:{l.LineId}")))
                .ToList();
            // Reservations and warehouse registrations run side by side (one durable step, not two); whatever a
            // refused attempt took is given back below.
            var reserving = Task.WhenAll(planned.Select(p => TryReserveAsync(p.Plan.WarehouseId, p.Line, p.ReservationId)));
            var registering = Task.WhenAll(decision.Shipments.Select(plan => TryAddAllocationAsync(
                plan.WarehouseId,
                plan.Lines.Sum(l => l.Quantity) + keptShipments.Where(s => s.IsOpen && s.WarehouseId == plan.WarehouseId).Sum(s => s.Lines.Sum(l => l.Quantity)))));
            var results = await reserving;
            var capacities = await registering;
            var refused = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < planned.Count; i++)
            {
                if (!results[i].Success)
                {
                    refused.Add(planned[i].Plan.WarehouseId);
                    failures.Add($"{planned[i].Line.Sku} at {planned[i].Plan.WarehouseId}: {results[i].FailureReason}");
                }
            }

            var registered = new List<string>();
            for (var i = 0; i < decision.Shipments.Count; i++)
            {
                if (capacities[i] is null)
                {
                    registered.Add(decision.Shipments[i].WarehouseId);
                }
                else
                {
                    refused.Add(decision.Shipments[i].WarehouseId);
                    failures.Add($"{decision.Shipments[i].WarehouseId}: {capacities[i]}");
                }
            }

            if (refused.Count == 0)
            {
                var shipments = decision.Shipments.Select((plan, index) => new ShipmentState
                {
                    ShipmentId = $"S{round}.{index + 1}",
                    WarehouseId = plan.WarehouseId,
                    Lines = [.. plan.Lines],
                    Reservations = plan.Lines.ToDictionary(l => l.LineId, l => $"{orderId}:{round}.{attempt}:{l.LineId}", StringComparer.Ordinal),
                    Status = ShipmentStatus.Allocated,
                    Carrier = plan.Carrier,
                    Service = plan.Service,
                    EstimatedHours = plan.EstimatedHours,
                    PromisedBy = now.AddHours(plan.EstimatedHours),
                }).ToList();
                return new AllocationOutcome(true, shipments, decision, failures, null, []);
            }

            // Compensate: give back everything this attempt took, then route again without the refusing warehouses.
            await Task.WhenAll(planned.Select(p => ReleaseAsync(p.Plan.WarehouseId, p.Line.Sku, p.ReservationId, "allocation attempt failed")));
            await Task.WhenAll(registered.Select(w => RestoreAllocationAsync(w, keptShipments)));
            exclusions.UnionWith(refused);
        }

        return new AllocationOutcome(false, [], decision, failures, $"allocation failed after {MaxAttempts} attempts", []);
    }

    /// <summary>Releases a shipment's reservations and its warehouse load (idempotent).</summary>
    public async Task ReleaseShipmentAsync(ShipmentState shipment, IReadOnlyList<ShipmentState> remaining, string reason)
    {
        await Task.WhenAll(shipment.Lines.Select(l => ReleaseAsync(shipment.WarehouseId, l.Sku, shipment.Reservations[l.LineId], reason)));
        await RestoreAllocationAsync(shipment.WarehouseId, remaining);
    }

    /// <summary>Makes the reservations of stored shipments permanent (idempotent).</summary>
    public Task ConfirmAsync(IEnumerable<ShipmentState> shipments) =>
        Task.WhenAll(shipments.Where(s => s.IsOpen).SelectMany(s => s.Lines.Select(l =>
            grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(l.Sku, s.WarehouseId)).Confirm(s.Reservations[l.LineId]))));

    /// <summary>Sets the order's load at a warehouse to what its open shipments there hold (removes it when none).</summary>
    public Task RestoreAllocationAsync(string warehouseId, IEnumerable<ShipmentState> shipments)
    {
        var units = shipments.Where(s => s.IsOpen && s.WarehouseId == warehouseId).Sum(s => s.Lines.Sum(l => l.Quantity));
        var warehouse = grains.GetGrain<IWarehouseGrain>(warehouseId);
        return units > 0 ? warehouse.AddAllocation(orderId, units) : warehouse.RemoveAllocation(orderId);
    }

    private async Task<ReservationResult> TryReserveAsync(string warehouseId, AllocatedLine line, string reservationId)
    {
        try
        {
            return await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(line.Sku, warehouseId)).Reserve(new ReserveRequest(reservationId, orderId, line.Quantity));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Unknown outcome (timeout, storage): treat as refused; the compensation releases it if it happened.
            return new ReservationResult(false, reservationId, line.Quantity, exception.Message, new StockSnapshot(line.Sku, warehouseId, 0, 0, 0, null, 0));
        }
    }

    private async Task<string?> TryAddAllocationAsync(string warehouseId, int units)
    {
        try
        {
            await grains.GetGrain<IWarehouseGrain>(warehouseId).AddAllocation(orderId, units);
            return null;
        }
        catch (DomainException refusal)
        {
            return refusal.Message;
        }
    }

    private Task ReleaseAsync(string warehouseId, string sku, string reservationId, string reason) =>
        grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouseId)).Release(reservationId, reason);
}
