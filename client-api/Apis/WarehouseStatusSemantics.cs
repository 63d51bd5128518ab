using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// What a status means for allocations, as the warehouse grain applies it (grains' <c>WarehouseStatusRules</c>; the API
/// does not reference the grains assembly): online and degraded without a reason take allocations; offline and
/// degraded with a reason do not, and the orders allocated there are told to reroute.
/// </summary>
internal static class WarehouseStatusSemantics
{
    public static bool AcceptsAllocations(WarehouseStatus status, string? reason) =>
        status == WarehouseStatus.Online || (status == WarehouseStatus.Degraded && string.IsNullOrWhiteSpace(reason));
}
