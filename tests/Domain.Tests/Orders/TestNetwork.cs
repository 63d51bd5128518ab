using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Domain.Tests.Orders;

/// <summary>A small network for order tests: warehouses in Shanghai, Beijing and Guangzhou, stock and customers.</summary>
public static class TestNetwork
{
    public static readonly GeoPoint Shanghai = new(31.2304, 121.4737);
    public static readonly GeoPoint Beijing = new(39.9042, 116.4074);
    public static readonly GeoPoint Guangzhou = new(23.1291, 113.2644);

    public static Address AddressIn(GeoPoint point, string city = "Shanghai") =>
        new("Li Lei", "88 Test Road", city, city, "200000", "CN", point.Latitude, point.Longitude, "+86 138 0000 0000");

    public static WarehouseProfile Warehouse(string id, string city, GeoPoint location, int capacity = 100_000) => new(
        id, $"{city} DC", city, "CN", location, capacity, new TimeOnly(18, 0), "Asia/Shanghai",
        [
            new CarrierLane("SF Express", ShippingSpeed.Standard, 1, 1200, 12m, 2m, 0.0002),
            new CarrierLane("SF Express", ShippingSpeed.Express, 0.5, 1200, 22m, 3m, 0.0003),
        ]);

    public static async Task ConfigureAsync(IGrainFactory grains, params (string Id, string City, GeoPoint Location)[] warehouses)
    {
        foreach (var (id, city, location) in warehouses)
        {
            await grains.GetGrain<IWarehouseGrain>(id).Configure(Warehouse(id, city, location));
        }
    }

    public static Task StandardAsync(IGrainFactory grains) =>
        ConfigureAsync(grains, ("WH-SH", "Shanghai", Shanghai), ("WH-BJ", "Beijing", Beijing), ("WH-GZ", "Guangzhou", Guangzhou));

    /// <summary>
    /// Receives stock and waits until the SKU's inventory view (which routing reads, fed by the availability stream)
    /// shows it, so a test that places an order next does not race the stream.
    /// </summary>
    public static async Task StockAsync(IGrainFactory grains, string sku, string warehouseId, int units)
    {
        var slot = await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouseId)).Receive(units, $"seed-{sku}-{warehouseId}-{units}");
        var view = grains.GetGrain<ISkuInventoryGrain>(sku);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(await view.GetAvailability()).Any(a => a.WarehouseId == warehouseId && a.OnHand >= slot.OnHand))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public static Task CustomerAsync(IGrainFactory grains, string id, CustomerTier tier = CustomerTier.Standard, bool acceptsSplit = true) =>
        grains.GetGrain<ICustomerGrain>(id).Upsert($"Customer {id}", tier, new CustomerPreferences(acceptsSplit), [AddressIn(Shanghai)]);

    public static PlaceOrder Order(string customerId, GeoPoint destination, params (string Sku, int Quantity)[] lines) =>
        new(customerId, "web", [.. lines.Select(l => new OrderLineInput(l.Sku, l.Quantity, 10m))], AddressIn(destination));

    public static CommandContext Cmd(string key) => new(key, "test");
}
