using Microsoft.Extensions.Logging;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Log messages of the order endpoints (event ids 6000-6099). No personal data.</summary>
internal static partial class OrderApiLog
{
    [LoggerMessage(6000, LogLevel.Debug, "Live timeline of order {OrderId} opened after sequence {AfterSequence}")]
    public static partial void LiveOpened(ILogger logger, string orderId, long afterSequence);

    [LoggerMessage(6001, LogLevel.Debug, "Live timeline of order {OrderId} closed after sequence {LastSequence}")]
    public static partial void LiveClosed(ILogger logger, string orderId, long lastSequence);

    [LoggerMessage(6002, LogLevel.Warning, "Live timeline of order {OrderId} ended after sequence {LastSequence}: the cluster did not answer; the client resumes with Last-Event-ID")]
    public static partial void LiveFailed(ILogger logger, string orderId, long lastSequence, Exception exception);
}
