using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.DemoData;

/// <summary>
/// Loads a <see cref="DemoNetwork"/> into the grains: warehouses, then stock (received with reference
/// <c>demo-seed</c>, so receiving again adds nothing), safety stock and expected inbound, then customers, then the default business rule set (only if none exists). Every step
/// is idempotent, so loading twice changes nothing. At most <see cref="MaxInFlight"/> calls are in flight.
/// </summary>
public static class DemoDataLoader
{
    /// <summary>Reference of the initial stock receipts.</summary>
    public const string SeedReference = "demo-seed";

    /// <summary>Concurrent calls.</summary>
    public const int MaxInFlight = 64;

    public static async Task LoadAsync(IGrainFactory grains, DemoNetwork network, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(network);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight, CancellationToken = ct };
        await Parallel.ForEachAsync(network.Warehouses, options, async (profile, _) =>
            await grains.GetGrain<IWarehouseGrain>(profile.WarehouseId).Configure(profile));
        await Parallel.ForEachAsync(network.Stock, options, async (stock, _) =>
        {
            var slot = grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(stock.Sku, stock.WarehouseId));
            if (stock.OnHand > 0)
            {
                await slot.Receive(stock.OnHand, SeedReference);
            }

            if (stock.SafetyStock > 0)
            {
                await slot.SetSafetyStock(stock.SafetyStock);
            }

            if (stock.ExpectedInbound is not null)
            {
                await slot.SetExpectedInbound(stock.ExpectedInbound);
            }
        });
        await Parallel.ForEachAsync(network.Customers, options, async (customer, _) =>
            await grains.GetGrain<ICustomerGrain>(customer.CustomerId).Upsert(customer.Name, customer.Tier, customer.Preferences, customer.Addresses));
        await grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet).SeedDefault(Rules.DefaultRuleSet.Json, "system:demo-data");
    }
}
