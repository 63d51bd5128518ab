using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>Log messages of the runtime core (event ids 1000-1099).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1000, LogLevel.Information, "Silo {SiloName} started with {GrainClassCount} grain classes")]
    public static partial void SiloStarted(ILogger logger, string siloName, int grainClassCount);

    [LoggerMessage(1001, LogLevel.Information, "Silo {SiloName} stopping: deactivating {ActivationCount} activations")]
    public static partial void SiloStopping(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(1002, LogLevel.Information, "Silo {SiloName} stopped")]
    public static partial void SiloStopped(ILogger logger, string siloName);

    [LoggerMessage(1003, LogLevel.Warning, "Silo {SiloName} stopped before {ActivationCount} activations finished deactivating (shutdown timeout)")]
    public static partial void ShutdownIncomplete(ILogger logger, string siloName, int activationCount);

    [LoggerMessage(1010, LogLevel.Warning, "Activation of {GrainId} failed")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(1011, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed ({Reason})")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, DeactivationReason reason, Exception exception);

    [LoggerMessage(1012, LogLevel.Debug, "Deactivating {GrainId}: {Reason}")]
    public static partial void Deactivating(ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(1013, LogLevel.Information, "Collected {Count} idle activations")]
    public static partial void Collected(ILogger logger, int count);

    [LoggerMessage(1020, LogLevel.Warning, "Timer callback of {GrainId} failed")]
    public static partial void TimerFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(1021, LogLevel.Error, "Work item of {GrainId} threw outside any request")]
    public static partial void WorkItemFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(1030, LogLevel.Warning, "{Count} calls exceeded their deadline")]
    public static partial void CallsTimedOut(ILogger logger, int count);

    [LoggerMessage(1040, LogLevel.Warning, "State write batch of {Count} writes to storage {Storage} failed")]
    public static partial void StorageBatchFailed(ILogger logger, int count, string storage, Exception exception);
}
