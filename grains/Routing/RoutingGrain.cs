using Microsoft.Extensions.Logging;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Routing;

/// <summary>
/// Sourcing (<c>routing/{policy}</c>), a stateless worker: gathers the warehouse snapshots (at most a second old, from
/// <see cref="WarehouseDirectoryCache"/>) and the availability of each distinct SKU (in parallel, from the SKU
/// inventory view; if the view knows nothing of a SKU, from its stock slots in every warehouse not offline), asks the
/// promise service how each candidate lane would deliver (hours at its confidence, P(within the VIP SLA)), then runs
/// <see cref="RoutingEngine"/>. Allocations route against the view less this silo's recent claims
/// (<see cref="RoutingClaims"/>); when the claims leave no plan, against the claimed slots' own snapshots.
/// </summary>
[GrainType("routing")]
[StatelessWorker]
[Reentrant]
public sealed class RoutingGrain(WarehouseDirectoryCache directory, RoutingClaims claims, TimeProvider time, ILogger<RoutingGrain> logger) : Grain, IRoutingGrain
{
    public async Task<RoutingDecision> Route(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Lines is null || request.Destination is null || request.ExcludedWarehouses is null)
        {
            throw new DomainException("routing.invalid-request", "A routing request needs lines, a destination and a (possibly empty) exclusion list.");
        }

        var warehouses = await directory.ListAsync();
        var skus = new List<string>(request.Lines.Count);
        foreach (var line in request.Lines)
        {
            if (line.Quantity <= 0)
            {
                throw new DomainException("routing.invalid-request", $"Line {line.LineId} has quantity {line.Quantity}.");
            }

            if (!skus.Contains(line.Sku, StringComparer.Ordinal))
            {
                skus.Add(line.Sku);
            }
        }

        var reads = new Task<IReadOnlyList<SkuAvailability>>[skus.Count];
        for (var i = 0; i < skus.Count; i++)
        {
            reads[i] = GetAvailabilityAsync(skus[i], warehouses);
        }

        var outlooks = GetOutlooksAsync(request, warehouses);
        var results = await Task.WhenAll(reads);
        var availability = new Dictionary<string, IReadOnlyList<SkuAvailability>>(skus.Count, StringComparer.Ordinal);
        for (var i = 0; i < skus.Count; i++)
        {
            availability[skus[i]] = results[i];
        }

        // The view less this silo's claims, for allocations; null when no claim applies.
        Dictionary<string, IReadOnlyList<SkuAvailability>>? claimed = null;
        for (var i = 0; request.Reserving && i < skus.Count; i++)
        {
            if (claims.Apply(skus[i], results[i]) is var unclaimed && !ReferenceEquals(unclaimed, results[i]))
            {
                (claimed ??= new(availability, StringComparer.Ordinal))[skus[i]] = unclaimed;
            }
        }

        var now = time.GetUtcNow();
        var lanes = await outlooks;
        var decision = RoutingEngine.Route(request, warehouses, claimed ?? availability, now, lanes);
        if (!decision.Success && claimed is not null)
        {
            // Claims only steer: when they leave no plan, the claimed slots say what is left. A claim whose reservation
            // failed or was given back must not backorder anyone, and in a burst the view lags what the slots know.
            foreach (var (sku, unclaimed) in claimed)
            {
                if (!ReferenceEquals(unclaimed, availability[sku]))
                {
                    availability[sku] = await ReadClaimedSlotsAsync(sku, availability[sku], unclaimed, now);
                }
            }

            decision = RoutingEngine.Route(request, warehouses, availability, now, lanes);
        }

        if (decision.Success && request.Reserving)
        {
            claims.Claim(decision);
        }

        if (decision.Success)
        {
            logger.Routed(request.OrderId, decision.Shipments.Count, decision.Score, decision.MeetsSla);
        }
        else
        {
            logger.NoRoute(request.OrderId, decision.FailureReason);
        }

        return decision;
    }

    /// <summary>Promises per candidate lane; without them (service unavailable) routing uses the carrier table.</summary>
    private async Task<IReadOnlyDictionary<string, LaneOutlook>?> GetOutlooksAsync(RoutingRequest request, IReadOnlyList<WarehouseSnapshot> warehouses)
    {
        var lanes = RoutingEngine.CandidateLanes(request, warehouses);
        if (lanes.Count == 0)
        {
            return null;
        }

        try
        {
            var policy = request.Policy ?? RoutingPolicy.Default;
            var outlooks = await GrainFactory.GetGrain<IPromiseGrain>("default").Outlook(new LaneOutlookRequest(request.Destination, lanes, policy.VipSlaHours, policy.VipSlaConfidence));
            return outlooks.ToDictionary(o => o.WarehouseId, StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.PromisesUnavailable(request.OrderId, exception);
            return null;
        }
    }

    private async Task<IReadOnlyList<SkuAvailability>> GetAvailabilityAsync(string sku, IReadOnlyList<WarehouseSnapshot> warehouses)
    {
        try
        {
            var known = await GrainFactory.GetGrain<ISkuInventoryGrain>(sku).GetAvailability();
            if (known.Count > 0)
            {
                return known;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.AvailabilityReadFailed(sku, "sku-inventory", exception);
        }

        return await AskSlotsAsync(sku, warehouses);
    }

    /// <summary>The view knows nothing (new SKU, view not built yet): ask the authoritative slots directly.</summary>
    private async Task<IReadOnlyList<SkuAvailability>> AskSlotsAsync(string sku, IReadOnlyList<WarehouseSnapshot> warehouses)
    {
        var reads = new List<Task<StockSnapshot?>>(warehouses.Count);
        foreach (var warehouse in warehouses)
        {
            if (warehouse.Status != WarehouseStatus.Offline)
            {
                reads.Add(ReadSlotAsync(sku, warehouse.Profile.WarehouseId));
            }
        }

        logger.AskingSlots(sku, reads.Count);
        var snapshots = await Task.WhenAll(reads);
        var now = time.GetUtcNow();
        var availability = new List<SkuAvailability>(snapshots.Length);
        foreach (var snapshot in snapshots)
        {
            if (snapshot is not null && (snapshot.OnHand > 0 || snapshot.ExpectedInbound is not null))
            {
                availability.Add(new SkuAvailability(snapshot.WarehouseId, snapshot.Available, snapshot.OnHand, snapshot.ExpectedInbound, now));
            }
        }

        return availability;
    }

    /// <summary>The view with the entries the claims reduced replaced by their slots' own snapshots.</summary>
    private async Task<IReadOnlyList<SkuAvailability>> ReadClaimedSlotsAsync(string sku, IReadOnlyList<SkuAvailability> view, IReadOnlyList<SkuAvailability> unclaimed, DateTimeOffset now)
    {
        var entries = view.ToArray();
        var reads = new List<(int Index, Task<StockSnapshot?> Read)>();
        for (var i = 0; i < entries.Length; i++)
        {
            if (unclaimed[i].Available < entries[i].Available)
            {
                reads.Add((i, ReadSlotAsync(sku, entries[i].WarehouseId)));
            }
        }

        foreach (var (index, read) in reads)
        {
            if (await read is { } snapshot)
            {
                entries[index] = entries[index] with { Available = snapshot.Available, OnHand = snapshot.OnHand, ExpectedInbound = snapshot.ExpectedInbound, UpdatedAt = now };
            }
        }

        return entries;
    }

    private async Task<StockSnapshot?> ReadSlotAsync(string sku, string warehouseId)
    {
        try
        {
            return await GrainFactory.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouseId)).GetSnapshot();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.AvailabilityReadFailed(sku, warehouseId, exception);
            return null;
        }
    }
}
