using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>Log messages of the order index (event ids 6100-6199).</summary>
internal static partial class OrderIndexLog
{
    [LoggerMessage(6100, LogLevel.Information, "Order index schema on {Dialect} is at version {Version}")]
    public static partial void SchemaReady(ILogger logger, string dialect, int version);

    [LoggerMessage(6101, LogLevel.Information, "Order index migration {Version} ({Name}) applied on {Dialect}")]
    public static partial void MigrationApplied(ILogger logger, string dialect, int version, string name);

    [LoggerMessage(6102, LogLevel.Warning, "Order index write of {Changes} changes failed; the feed delivers them again")]
    public static partial void WriteFailed(ILogger logger, int changes, Exception exception);

    [LoggerMessage(6105, LogLevel.Warning, "Order index write of {Changes} changes failed (attempt {Attempt}); retrying")]
    public static partial void WriteRetried(ILogger logger, int changes, int attempt, Exception exception);

    [LoggerMessage(6103, LogLevel.Debug, "Order index projector {Shard} activated")]
    public static partial void ProjectorActivated(ILogger logger, string shard);
}
