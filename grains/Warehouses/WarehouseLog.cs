using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Warehouses;

/// <summary>Log messages of warehouses (event ids 4100-4199).</summary>
internal static partial class WarehouseLog
{
    [LoggerMessage(4100, LogLevel.Information, "Warehouse {WarehouseId} configured: capacity {Capacity}, {Lanes} lanes")]
    public static partial void Configured(this ILogger logger, string warehouseId, int capacity, int lanes);

    [LoggerMessage(4101, LogLevel.Warning, "Warehouse {WarehouseId} is now {Status} ({Reason}); {Notified} orders notified")]
    public static partial void StatusChanged(this ILogger logger, string warehouseId, WarehouseStatus status, string? reason, int notified);

    [LoggerMessage(4102, LogLevel.Information, "Warehouse {WarehouseId} refused {Units} units for order {OrderId}: {Code}")]
    public static partial void AllocationRefused(this ILogger logger, string warehouseId, string orderId, int units, string code);

    [LoggerMessage(4103, LogLevel.Warning, "Warehouse {WarehouseId} could not update the directory; retrying")]
    public static partial void DirectoryPushFailed(this ILogger logger, string warehouseId, Exception exception);

    [LoggerMessage(4104, LogLevel.Debug, "Directory ignored version {Version} of {WarehouseId} (has {Known})")]
    public static partial void StaleUpdateIgnored(this ILogger logger, string warehouseId, long version, long known);

    [LoggerMessage(4105, LogLevel.Warning, "Could not read the warehouse directory; keeping the list this silo has")]
    public static partial void DirectoryReadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(4106, LogLevel.Information, "Outage of {WarehouseId}: {Orders} orders asked to reroute")]
    public static partial void OutageNotified(this ILogger logger, string warehouseId, int orders);

    [LoggerMessage(4107, LogLevel.Warning, "Outage of {WarehouseId}: {Failed} of {Orders} orders could not be rerouted; retrying")]
    public static partial void OutageNotifyFailed(this ILogger logger, string warehouseId, int failed, int orders, Exception exception);
}
