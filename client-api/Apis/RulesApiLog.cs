using Microsoft.Extensions.Logging;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Log messages of the rules endpoints (event ids 8850-8869): who changed the rule set, for audit.</summary>
internal static partial class RulesApiLog
{
    public const string Category = "OrderGrains.ClientApi.Rules";

    [LoggerMessage(8850, LogLevel.Information, "{Client} {Change} rule set version {Version}")]
    public static partial void Changed(this ILogger logger, string client, string change, int version);

    [LoggerMessage(8851, LogLevel.Information, "{Client} started sandbox run {RunId} of version {Version}")]
    public static partial void SandboxStarted(this ILogger logger, string client, string runId, int version);
}
