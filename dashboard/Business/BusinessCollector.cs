using OrderGrains.Dashboard.Cluster;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime;

namespace OrderGrains.Dashboard.Business;

/// <summary>
/// Reads the business view through the grains, as the API would: order counts from the order index, warehouses from
/// their directory, stock from the active stock slots, calibration from the calibration grain, and order event totals
/// from the silo reports. Each part fails on its own (listed in <see cref="BusinessSnapshot.Errors"/>).
/// </summary>
internal sealed class BusinessCollector(IGrainFactory grains, DashboardOptions options, TimeProvider time)
{
    // Keys of singleton grains in grains/ (the API tier does not load the grains assembly).
    private const string DirectoryKey = "all";
    private const string CalibrationKey = "all";
    private const int StockReadsInFlight = 32;

    public async Task<BusinessSnapshot> CollectAsync(IReadOnlyList<SiloResult> silos, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new List<string>();
        var events = SumEvents(silos);

        var countsTask = Try(() => grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey).Count(now.AddMinutes(-1)), "order index", errors);
        var warehousesTask = Try(() => grains.GetGrain<IWarehouseDirectoryGrain>(DirectoryKey).List(), "warehouses", errors);
        var calibrationTask = Try(() => grains.GetGrain<IPromiseCalibrationGrain>(CalibrationKey).GetReport(), "calibration", errors);
        var atRiskTask = Try(
            () => grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey).Search(new OrderQuery(Statuses: [OrderStatus.Backordered, OrderStatus.OnHold], PageSize: 20)),
            "at-risk orders",
            errors);
        var slotsTask = Try(() => ReadSlotsAsync(silos, cancellationToken), "stock", errors);
        await Task.WhenAll(countsTask, warehousesTask, calibrationTask, atRiskTask, slotsTask).ConfigureAwait(false);

        var counts = countsTask.Result;
        var slots = slotsTask.Result ?? [];
        var calibration = (calibrationTask.Result?.Overall ?? [])
            .Select(b => new CalibrationView(b.Confidence, b.Promises, b.OnTime, b.Attainment))
            .OrderBy(b => b.Confidence)
            .ToList();
        var allocated = events.GetValueOrDefault("Allocated");
        var backordered = events.GetValueOrDefault("Backordered");
        return new BusinessSnapshot(
            now,
            counts?.ByStatus ?? new Dictionary<string, long>(),
            counts?.Total ?? 0,
            counts?.CreatedSince ?? 0,
            allocated + backordered == 0 ? null : (double)allocated / (allocated + backordered),
            counts is null || counts.WithWarehouse == 0 ? null : (double)counts.MultiWarehouse / counts.WithWarehouse,
            events.GetValueOrDefault("Rerouted"),
            backordered,
            slots.Sum(Oversold),
            slots.Count,
            [.. (warehousesTask.Result ?? []).OrderBy(w => w.Profile.WarehouseId, StringComparer.Ordinal).Select(w => new WarehouseView(
                w.Profile.WarehouseId, w.Profile.Name, w.Profile.City, w.Status.ToString(), w.StatusReason, w.BacklogUnits,
                w.Profile.DailyCapacityUnits, w.Saturation, w.OpenAllocations))],
            [.. slots.GroupBy(s => s.WarehouseId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new WarehouseStock(
                g.Key,
                g.Count(),
                g.Sum(s => s.OnHand),
                g.Sum(s => s.Reserved),
                g.Sum(s => s.Available),
                [.. g.Where(s => s.Available <= options.LowStockUnits).OrderBy(s => s.Available).ThenBy(s => s.Sku, StringComparer.Ordinal)
                    .Take(20).Select(s => new LowStock(s.Sku, s.WarehouseId, s.Available, s.OnHand))]))],
            calibration.Where(b => Math.Abs(b.Confidence - 0.9) < 0.025).FirstOrDefault(),
            calibration,
            [.. (atRiskTask.Result?.Items ?? []).Select(o => new AtRiskOrder(o.OrderId, o.Status.ToString(), o.Channel, o.Total, o.Units, o.CreatedAt))],
            events,
            errors);
    }

    /// <summary>Units reserved beyond what is on hand: what a slot promised and cannot ship.</summary>
    public static long Oversold(StockSnapshot slot) => Math.Max(0, slot.Reserved - slot.OnHand) + Math.Max(0, -slot.OnHand);

    private static Dictionary<string, long> SumEvents(IReadOnlyList<SiloResult> silos)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var report in silos.Select(s => s.Report).OfType<SiloReport>())
        {
            foreach (var (type, count) in report.OrderEvents)
            {
                totals[type] = totals.GetValueOrDefault(type) + count;
            }
        }

        return totals;
    }

    private async Task<IReadOnlyList<StockSnapshot>> ReadSlotsAsync(IReadOnlyList<SiloResult> silos, CancellationToken cancellationToken)
    {
        var keys = silos.Select(s => s.Report).OfType<SiloReport>().SelectMany(r => r.StockSlots).Distinct(StringComparer.Ordinal).ToList();
        var snapshots = new List<StockSnapshot>(keys.Count);
        using var gate = new SemaphoreSlim(StockReadsInFlight);
        var reads = keys.Select(async key =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await grains.GetGrain<IStockSlotGrain>(key).GetSnapshot().ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        });
        snapshots.AddRange(await Task.WhenAll(reads).ConfigureAwait(false));
        return snapshots;
    }

    private static async Task<T?> Try<T>(Func<Task<T>> read, string part, List<string> errors)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lock (errors)
            {
                errors.Add($"{part}: {e.Message}");
            }

            return null;
        }
    }
}
