using Microsoft.Extensions.Logging;

namespace OrderGrains.ClientApi.Internal;

/// <summary>
/// Log messages of the API's request pipeline (event ids 6300-6399). They carry routes, statuses, client ids and trace
/// ids only: never bodies, paths with values, or personal data.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 6300, Message = "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms (client {ClientId}, trace {TraceId})")]
    public static partial void RequestCompleted(ILogger logger, LogLevel level, string method, string route, int statusCode, double elapsedMs, string clientId, string traceId);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Error, Message = "HTTP {Method} {Route} failed after {ElapsedMs:0.0} ms before a response was written (client {ClientId}, trace {TraceId})")]
    public static partial void RequestFailed(ILogger logger, string method, string route, double elapsedMs, string clientId, string traceId, Exception exception);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Debug, Message = "Rate limit of {PartitionKind} {PartitionKey} exceeded on {Method} {Route}; retry after {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, string partitionKind, string partitionKey, string method, string route, int retryAfterSeconds);
}
