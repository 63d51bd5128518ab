namespace OrderGrains.Grains.Warehouses;

/// <summary>
/// What a warehouse status means, shared by the warehouse grain and routing so both apply the same rule:
/// <list type="bullet">
/// <item>Online: takes allocations; routing uses it.</item>
/// <item>Degraded without a reason ("soft": slower, still shipping): takes allocations; routing uses it only when no
/// online warehouse can fill the order; open orders are not notified.</item>
/// <item>Degraded with a reason ("hard": the operator says it affects orders): refuses new allocations
/// (<c>warehouse.degraded</c>); routing never uses it; open orders are notified.</item>
/// <item>Offline: refuses new allocations (<c>warehouse.offline</c>); routing never uses it; open orders are notified.</item>
/// </list>
/// </summary>
public static class WarehouseStatusRules
{
    /// <summary>True if new allocations are accepted.</summary>
    public static bool AcceptsAllocations(WarehouseStatus status, string? reason) =>
        status == WarehouseStatus.Online || (status == WarehouseStatus.Degraded && string.IsNullOrWhiteSpace(reason));

    /// <summary>True if routing may use the warehouse only when nothing online fits.</summary>
    public static bool IsFallbackOnly(WarehouseStatus status, string? reason) =>
        status == WarehouseStatus.Degraded && string.IsNullOrWhiteSpace(reason);

    /// <summary>True if the orders allocated here are told to reroute.</summary>
    public static bool NotifiesOrders(WarehouseStatus status, string? reason) => !AcceptsAllocations(status, reason);
}
