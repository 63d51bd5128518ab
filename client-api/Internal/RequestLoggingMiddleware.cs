using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.ClientApi.Internal;

/// <summary>
/// Logs and measures every request once it is answered: method, route pattern (never the path, whose values may be
/// personal), status, duration, client id and the trace id that problem details show the client. Bodies are never read.
/// Runs outermost, so it sees the status the exception handler and status pages chose.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger, ApiMetrics metrics)
{
    public const string Unmatched = "(unmatched)";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            // Nothing below handled it: the server answers 500 (or drops the connection if the response had started).
            var failedAfter = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            ApiLog.RequestFailed(logger, context.Request.Method, RouteOf(context), failedAfter, ClientOf(context), TraceOf(context), exception);
            metrics.RequestCompleted(RouteOf(context), context.Request.Method, StatusCodes.Status500InternalServerError, failedAfter);
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var status = context.Response.StatusCode;
        var route = RouteOf(context);
        metrics.RequestCompleted(route, context.Request.Method, status, elapsed);
        var level = status switch
        {
            StatusCodes.Status503ServiceUnavailable => LogLevel.Warning,
            >= 500 => LogLevel.Error,
            _ => LogLevel.Information,
        };
        if (logger.IsEnabled(level))
        {
            var client = ClientOf(context);
            var trace = TraceOf(context);
            ApiLog.RequestCompleted(logger, level, context.Request.Method, route, status, elapsed, client, trace);
        }
    }

    /// <summary>The matched endpoint's route pattern, e.g. <c>/api/v1/orders/{orderId}</c>.</summary>
    public static string RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : Unmatched;

    private static string ClientOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.ClientId() : "anonymous";

    // The same id the problem details of the response carry, so a client's report finds the log line.
    private static string TraceOf(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;
}
