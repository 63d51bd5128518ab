using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.DemoData;

/// <summary>A generated reference network: warehouses, catalogue, stock per warehouse and customers.</summary>
public sealed record DemoNetwork(
    int Seed,
    DateOnly Today,
    IReadOnlyList<WarehouseProfile> Warehouses,
    IReadOnlyList<DemoSku> Skus,
    IReadOnlyList<DemoStock> Stock,
    IReadOnlyList<DemoCustomer> Customers);

/// <summary>A catalogue item. Flags mark items later rules care about (e.g. <c>infant-formula</c>, <c>gift-wrap</c>, <c>fragile</c>, <c>battery</c>).</summary>
public sealed record DemoSku(string Sku, string Name, string Category, double WeightKg, decimal Price, IReadOnlyList<string> Flags);

/// <summary>Stock of a SKU in a warehouse.</summary>
public sealed record DemoStock(string Sku, string WarehouseId, int OnHand, int SafetyStock, InboundStock? ExpectedInbound);

/// <summary>A customer.</summary>
public sealed record DemoCustomer(string CustomerId, string Name, CustomerTier Tier, CustomerPreferences Preferences, IReadOnlyList<Address> Addresses);

/// <summary>A real city.</summary>
public sealed record DemoCity(string Name, string Region, string PostalCode, double Latitude, double Longitude);
