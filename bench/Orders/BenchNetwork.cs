using OrderGrains.Grains.DemoData;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Bench.Orders;

/// <summary>Loads the demo network with stock and capacity no run can exhaust, so every order measures a full allocation.</summary>
public static class BenchNetwork
{
    public const int ExtraUnits = 1_000_000;
    public const int HugeCapacity = 1_000_000_000;

    /// <summary>Loads <paramref name="network"/> and returns the SKUs that have stock somewhere.</summary>
    public static async Task<List<DemoSku>> LoadAsync(IGrainFactory grains, DemoNetwork network)
    {
        await DemoDataLoader.LoadAsync(grains, network, CancellationToken.None);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 64 };
        await Parallel.ForEachAsync(network.Warehouses, options, async (w, _) => await grains.GetGrain<IWarehouseGrain>(w.WarehouseId).SetDailyCapacity(HugeCapacity));
        await Parallel.ForEachAsync(network.Stock, options, async (s, _) => await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(s.Sku, s.WarehouseId)).Receive(ExtraUnits, "bench-extra"));
        var stocked = network.Stock.Select(s => s.Sku).ToHashSet(StringComparer.Ordinal);
        return [.. network.Skus.Where(s => stocked.Contains(s.Sku))];
    }
}
