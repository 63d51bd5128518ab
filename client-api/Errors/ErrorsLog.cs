using Microsoft.Extensions.Logging;

namespace OrderGrains.ClientApi.Errors;

/// <summary>Log messages of error handling (event ids 6550-6559): the exceptions that become a 5xx.</summary>
internal static partial class ErrorsLog
{
    [LoggerMessage(EventId = 6550, Level = LogLevel.Error, Message = "HTTP {Method} {Route} failed unexpectedly ({Code})")]
    public static partial void Unexpected(this ILogger logger, string method, string route, string code, Exception exception);

    [LoggerMessage(EventId = 6551, Level = LogLevel.Warning, Message = "HTTP {Method} {Route} answered 503 ({Code}): {Reason}")]
    public static partial void Unavailable(this ILogger logger, string method, string route, string code, string reason);
}
