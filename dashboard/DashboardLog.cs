using Microsoft.Extensions.Logging;

namespace OrderGrains.Dashboard;

/// <summary>Log messages of the dashboard (event ids 7000-7099).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(7000, LogLevel.Information, "Dashboard mounted at {Path} (authentication {Authentication})")]
    public static partial void Mounted(ILogger logger, string path, string authentication);

    [LoggerMessage(7001, LogLevel.Warning, "Dashboard snapshot failed")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception);

    [LoggerMessage(7002, LogLevel.Warning, "Dashboard business view failed")]
    public static partial void BusinessFailed(ILogger logger, Exception exception);

    [LoggerMessage(7003, LogLevel.Information, "Dashboard: {User} set warehouse {WarehouseId} {Status} ({Reason})")]
    public static partial void WarehouseStatusSet(ILogger logger, string user, string warehouseId, string status, string reason);
}
