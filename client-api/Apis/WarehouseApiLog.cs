using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Log messages of the warehouse endpoints (event ids 6220-6239): operator changes, for audit.</summary>
internal static partial class WarehouseApiLog
{
    public const string Category = "OrderGrains.ClientApi.Warehouses";

    [LoggerMessage(6220, LogLevel.Warning, "{Client} set warehouse {WarehouseId} from {Previous} to {Status} ({Reason}); {Affected} open allocations told to reroute")]
    public static partial void StatusSet(this ILogger logger, string client, string warehouseId, WarehouseStatus previous, WarehouseStatus status, string? reason, int affected);

    [LoggerMessage(6221, LogLevel.Information, "{Client} set daily capacity of warehouse {WarehouseId} from {Previous} to {Units} units")]
    public static partial void CapacitySet(this ILogger logger, string client, string warehouseId, int previous, int units);
}
