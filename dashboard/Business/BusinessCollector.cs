using System.Text.Json;
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
internal sealed class BusinessCollector(IGrainFactory grains, DashboardSilos silos, DashboardOptions options, TimeProvider time)
{
    // Keys of singleton grains in grains/ (the API tier does not load the grains assembly).
    private const string DirectoryKey = "all";
    private const string CalibrationKey = "all";

    /// <summary>At-risk orders shown on the page.</summary>
    private const int AtRiskListed = 20;

    public async Task<BusinessSnapshot> CollectAsync(IReadOnlyList<SiloResult> results, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new List<string>();
        var events = SumEvents(results);

        var countsTask = Try(() => grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey).Count(now.AddMinutes(-1)), "order index", errors);
        var warehousesTask = Try(() => grains.GetGrain<IWarehouseDirectoryGrain>(DirectoryKey).List(), "warehouses", errors);
        var calibrationTask = Try(() => grains.GetGrain<IPromiseCalibrationGrain>(CalibrationKey).GetReport(), "calibration", errors);
        var atRiskTask = Try(
            () => grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey).AtRisk(AtRiskListed),
            "at-risk orders",
            errors);
        var stockTask = Try(() => ReadStockAsync(results, cancellationToken), "stock", errors);
        await Task.WhenAll(countsTask, warehousesTask, calibrationTask, atRiskTask, stockTask).ConfigureAwait(false);

        var counts = countsTask.Result;
        var stock = stockTask.Result ?? [];
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
            stock.Sum(s => s.OversoldUnits),
            stock.Sum(s => s.Slots),
            [.. (warehousesTask.Result ?? []).OrderBy(w => w.Profile.WarehouseId, StringComparer.Ordinal).Select(w => new WarehouseView(
                w.Profile.WarehouseId, w.Profile.Name, w.Profile.City, w.Status.ToString(), w.StatusReason, w.BacklogUnits,
                w.Profile.DailyCapacityUnits, w.Saturation, w.OpenAllocations))],
            [.. stock.SelectMany(s => s.Warehouses).GroupBy(w => w.WarehouseId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new WarehouseStock(g.Key, g.Sum(w => w.Slots), g.Sum(w => w.OnHand), g.Sum(w => w.Reserved), g.Sum(w => w.Available),
                    [.. g.SelectMany(w => w.Low).OrderBy(l => l.Available).ThenBy(l => l.Sku, StringComparer.Ordinal).Take(20)]))],
            calibration.Where(b => Math.Abs(b.Confidence - 0.9) < 0.025).FirstOrDefault(),
            calibration,
            [.. (atRiskTask.Result ?? []).Select(r => new AtRiskOrder(
                r.Order.OrderId, r.Order.Status.ToString(), r.Order.Channel, r.Order.Total, r.Order.Units, r.Order.CreatedAt, r.AtRiskSince, "promise at risk"))],
            events,
            errors);
    }

    /// <summary>Units reserved beyond what is on hand: what a slot promised and cannot ship.</summary>
    public static long Oversold(StockSnapshot slot) => Math.Max(0, slot.Reserved - slot.OnHand) + Math.Max(0, -slot.OnHand);

    private static Dictionary<string, long> SumEvents(IReadOnlyList<SiloResult> results)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var report in results.Select(s => s.Report).OfType<SiloReport>())
        {
            foreach (var (type, count) in report.OrderEvents)
            {
                totals[type] = totals.GetValueOrDefault(type) + count;
            }
        }

        return totals;
    }

    private async Task<IReadOnlyList<StockReport>> ReadStockAsync(IReadOnlyList<SiloResult> results, CancellationToken cancellationToken)
    {
        var query = JsonSerializer.SerializeToElement(new { kind = "stock", lowUnits = options.LowStockUnits });
        var up = results.Where(s => s.Report is not null).Select(s => s.Name).ToList();
        var answers = await Task.WhenAll(up.Select(name => silos.QueryAsync(name, query, cancellationToken))).ConfigureAwait(false);
        return [.. answers.Select(a => a.Deserialize<StockReport>(DashboardJson.Options)).OfType<StockReport>()];
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
