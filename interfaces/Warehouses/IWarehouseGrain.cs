namespace OrderGrains.Interfaces.Warehouses;

/// <summary>
/// A warehouse (<c>warehouse/{id}</c>): profile, status, capacity and backlog, and the open allocations it holds.
/// Going offline notifies every unshipped order allocated here, which reroutes itself.
/// </summary>
public interface IWarehouseGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the profile (registers the warehouse in the directory).</summary>
    Task<WarehouseSnapshot> Configure(WarehouseProfile profile);

    [ReadOnly]
    Task<WarehouseSnapshot> GetSnapshot();

    /// <summary>Changes the status; going offline (or degraded) notifies the affected orders.</summary>
    Task<WarehouseSnapshot> SetStatus(WarehouseStatus status, string reason);

    /// <summary>Records an order's allocation here (idempotent per order); refused when offline or over capacity.</summary>
    Task<WarehouseSnapshot> AddAllocation(string orderId, int units);

    /// <summary>Removes an order's allocation (shipped, cancelled or moved); no error if absent.</summary>
    Task<WarehouseSnapshot> RemoveAllocation(string orderId);

    /// <summary>The orders with an open allocation here, by id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetAllocatedOrders();

    Task<WarehouseSnapshot> SetDailyCapacity(int units);
}

/// <summary>All warehouses (<c>warehouse-directory/all</c>), kept current by the warehouse grains; routing reads it.</summary>
public interface IWarehouseDirectoryGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<IReadOnlyList<WarehouseSnapshot>> List();

    Task Update(WarehouseSnapshot snapshot);

    /// <summary>Records a warehouse's snapshot unless the directory already holds that or a newer <paramref name="version"/> of it.</summary>
    Task Update(WarehouseSnapshot snapshot, long version);
}
