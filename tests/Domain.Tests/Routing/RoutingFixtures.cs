using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Domain.Tests.Routing;

/// <summary>Warehouses, stock and requests for engine tests.</summary>
internal static class RoutingFixtures
{
    /// <summary>10:00 in Shanghai: before every cut-off.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public static readonly Address ShanghaiCustomer = new("A", "1 Renmin Road", "Shanghai", "Shanghai", "200000", "CN", 31.23, 121.47);

    public static readonly Address BeijingCustomer = new("B", "1 Changan Road", "Beijing", "Beijing", "100000", "CN", 39.90, 116.40);

    public static WarehouseSnapshot Warehouse(string id, double lat, double lon, int capacity = 1000, int backlog = 0, WarehouseStatus status = WarehouseStatus.Online, string? reason = null, decimal cost = 12m) =>
        new(
            new WarehouseProfile(id, id, id, "CN", new GeoPoint(lat, lon), capacity, new TimeOnly(18, 0), "Asia/Shanghai",
            [
                new CarrierLane("SF Express", ShippingSpeed.Standard, 1, 1200, cost, 2m, 0.0003),
                new CarrierLane("SF Express", ShippingSpeed.Express, 0.5, 1200, cost + 8, 4m, 0.0006),
            ]),
            status,
            reason,
            backlog,
            0);

    public static WarehouseSnapshot Shanghai(int capacity = 1000, int backlog = 0, WarehouseStatus status = WarehouseStatus.Online, string? reason = null) =>
        Warehouse("WH-SH", 31.2304, 121.4737, capacity, backlog, status, reason);

    public static WarehouseSnapshot Hangzhou() => Warehouse("WH-HZ", 30.2741, 120.1551);

    public static WarehouseSnapshot Beijing() => Warehouse("WH-BJ", 39.9042, 116.4074);

    public static WarehouseSnapshot Guangzhou() => Warehouse("WH-GZ", 23.1291, 113.2644);

    public static WarehouseSnapshot Chengdu() => Warehouse("WH-CD", 30.5728, 104.0668);

    public static Dictionary<string, IReadOnlyList<SkuAvailability>> Stock(params (string Sku, string Warehouse, int Available)[] entries)
    {
        var result = new Dictionary<string, IReadOnlyList<SkuAvailability>>(StringComparer.Ordinal);
        foreach (var group in entries.GroupBy(e => e.Sku))
        {
            result[group.Key] = [.. group.Select(e => new SkuAvailability(e.Warehouse, e.Available, e.Available, null, Now))];
        }

        return result;
    }

    public static RoutingRequest Request(Address destination, params RoutingLine[] lines) =>
        new("ORD-1", lines, destination, CustomerTier.Standard, AcceptsSplit: true, ShippingSpeed.Standard, []);

    public static RoutingLine Line(string id, string sku, int quantity = 1, string? group = null) => new(id, sku, quantity, group);

    public static string[] WarehousesOf(RoutingDecision decision) => [.. decision.Shipments.Select(s => s.WarehouseId)];
}
