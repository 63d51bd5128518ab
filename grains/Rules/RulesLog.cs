using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Rules;

/// <summary>Log messages of business rules (event ids 8800-8899).</summary>
internal static partial class RulesLog
{
    [LoggerMessage(8800, LogLevel.Information, "Rule set version {VersionId} created by {Author} ({Problems} problems)")]
    public static partial void VersionCreated(ILogger logger, int versionId, string author, int problems);

    [LoggerMessage(8801, LogLevel.Information, "Rule set version {VersionId} made active by {Author} ({How})")]
    public static partial void Activated(ILogger logger, int versionId, string author, string how);

    [LoggerMessage(8802, LogLevel.Information, "Silo now runs rule set stamp {Stamp}: active {Active}, canary {Canary}, shadow {Shadow}")]
    public static partial void Deployed(ILogger logger, long stamp, string active, string canary, string shadow);

    [LoggerMessage(8803, LogLevel.Warning, "Could not refresh the rule set; keeping stamp {Stamp}")]
    public static partial void RefreshFailed(ILogger logger, long stamp, Exception exception);

    [LoggerMessage(8804, LogLevel.Information, "Shadow rule set {ShadowVersion} would decide order {OrderId} differently from {DecidingVersion}: {Differences}")]
    public static partial void ShadowDiffers(ILogger logger, int shadowVersion, string orderId, int decidingVersion, string differences);

    [LoggerMessage(8805, LogLevel.Warning, "Could not record the shadow evaluation of order {OrderId}")]
    public static partial void ShadowRecordFailed(ILogger logger, string orderId, Exception exception);

    [LoggerMessage(8806, LogLevel.Warning, "Could not compile rule set version {VersionId}; orders keep the previous rules")]
    public static partial void CompileFailed(ILogger logger, int versionId, Exception exception);

    [LoggerMessage(8807, LogLevel.Warning, "Could not read rule facts ({What}) for order {OrderId}; those conditions are false")]
    public static partial void FactsUnavailable(ILogger logger, string what, string orderId, Exception exception);

    [LoggerMessage(8808, LogLevel.Information, "Sandbox run {RunId} {Outcome}: {Orders} orders in {Seconds:0.0} s")]
    public static partial void SandboxFinished(ILogger logger, string runId, string outcome, int orders, double seconds);

    [LoggerMessage(8809, LogLevel.Warning, "Sandbox run {RunId} failed")]
    public static partial void SandboxFailed(ILogger logger, string runId, Exception exception);
}
