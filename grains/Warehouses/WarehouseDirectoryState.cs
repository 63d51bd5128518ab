using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>Stored state of the warehouse directory: the latest snapshot of each warehouse with its version.</summary>
public sealed class WarehouseDirectoryState
{
    public Dictionary<string, WarehouseDirectoryEntry> Warehouses { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A warehouse's latest snapshot and the version it was produced at.</summary>
public sealed record WarehouseDirectoryEntry(WarehouseSnapshot Snapshot, long Version);
