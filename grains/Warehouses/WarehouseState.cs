using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>Stored state of a warehouse grain.</summary>
public sealed class WarehouseState
{
    /// <summary>The profile; null until configured.</summary>
    public WarehouseProfile? Profile { get; set; }

    public WarehouseStatus Status { get; set; }

    public string? StatusReason { get; set; }

    /// <summary>Open allocations: order id to units.</summary>
    public Dictionary<string, int> Allocations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Grows with every change; the directory keeps the highest version it has seen.</summary>
    public long Version { get; set; }

    /// <summary>Units of all open allocations.</summary>
    public int BacklogUnits()
    {
        var total = 0;
        foreach (var units in Allocations.Values)
        {
            total += units;
        }

        return total;
    }
}
