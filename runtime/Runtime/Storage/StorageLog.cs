using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Storage;

/// <summary>Log messages of the runtime store (event ids 2000-2099).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Storage '{StorageName}' ({Provider}): applied schema migration {Version} ({MigrationName}).")]
    public static partial void MigrationApplied(ILogger logger, string storageName, string provider, int version, string migrationName);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Storage '{StorageName}' ({Provider}) is ready at schema version {Version}.")]
    public static partial void Initialized(ILogger logger, string storageName, string provider, int version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Storage '{StorageName}' ({Provider}): the database has schema version {DatabaseVersion}, newer than this runtime's {KnownVersion}.")]
    public static partial void SchemaNewerThanRuntime(ILogger logger, string storageName, string provider, int databaseVersion, int knownVersion);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Storage '{StorageName}' ({Provider}) failed to {Operation}.")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string storageName, string provider, string operation);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Storage '{StorageName}' ({Provider}): wrote a batch of {Count} writes ({Conflicts} conflicts, {Events} events) in {ElapsedMs:F1} ms.")]
    public static partial void BatchWritten(ILogger logger, string storageName, string provider, int count, int conflicts, int events, double elapsedMs);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Storage '{StorageName}' ({Provider}): rejected {Count} writes whose partition lease no longer holds (partitions {Partitions}).")]
    public static partial void WritesFenced(ILogger logger, string storageName, string provider, int count, string partitions);
}
