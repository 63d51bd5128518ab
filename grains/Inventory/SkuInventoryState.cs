using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Grains.Inventory;

/// <summary>Stored view of a SKU's availability: the latest known availability per warehouse.</summary>
public sealed class SkuInventoryState
{
    public Dictionary<string, SkuAvailability> Warehouses { get; set; } = new(StringComparer.Ordinal);
}
