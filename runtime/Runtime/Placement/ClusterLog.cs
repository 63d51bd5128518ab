using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Placement;

/// <summary>Log messages of cluster membership and partition leases (event ids 7000-7099).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Silo {SiloId} joined the cluster ({Partitions} partitions).")]
    public static partial void Joined(ILogger logger, string siloId, int partitions);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Silo {SiloId} acquired {Count} partition leases (now holds {Held}).")]
    public static partial void Acquired(ILogger logger, string siloId, int count, int held);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Silo {SiloId} lost the leases of {Count} partitions ({Partitions}); their activations are deactivated.")]
    public static partial void Lost(ILogger logger, string siloId, int count, string partitions);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Silo {SiloId} handed over partition {Partition}.")]
    public static partial void HandedOver(ILogger logger, string siloId, int partition);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Silo {SiloId} declared silo {DeadSiloId} dead (no heartbeat for {AgeMs} ms).")]
    public static partial void DeclaredDead(ILogger logger, string siloId, string deadSiloId, long ageMs);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Silo {SiloId} was declared dead by the cluster; it stops serving every partition.")]
    public static partial void SelfDeclaredDead(ILogger logger, string siloId);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Silo {SiloId}: the lease round failed; leases are kept until their local deadline.")]
    public static partial void RoundFailed(ILogger logger, Exception exception, string siloId);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Silo {SiloId} left the cluster gracefully.")]
    public static partial void Left(ILogger logger, string siloId);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Silo {SiloId}: {Count} writes were rejected because their partition lease no longer held.")]
    public static partial void WritesFenced(ILogger logger, string siloId, int count);
}
