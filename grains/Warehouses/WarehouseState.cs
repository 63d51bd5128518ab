using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>Stored state of a warehouse grain.</summary>
public sealed class WarehouseState
{
    /// <summary>The profile; null until configured.</summary>
    public WarehouseProfile? Profile { get; set; }

    public WarehouseStatus Status { get; set; }

    public string? StatusReason { get; set; }

    /// <summary>
    /// Legacy: open allocations (order id to units) of rows stored before they became entries of this state (one row
    /// each, see WarehouseGrain); activation moves them into the entries.
    /// </summary>
    public Dictionary<string, int> Allocations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Grows with every change; the directory keeps the highest version it has seen.</summary>
    public long Version { get; set; }
}
