using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.ClientApi.Internal;

/// <summary>
/// Per-client rate limiting of <c>/api</c>: a token bucket per authenticated client id, else per remote IP. The
/// middleware runs after authentication so the client is known; a rejection is a 429 problem with Retry-After.
/// </summary>
internal static class ApiRateLimiting
{
    private const string ClientKind = "client";
    private const string IpKind = "ip";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, ApiRateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Kind, string Key)>(context =>
            {
                // Health probes, the OpenAPI document and the docs page stay reachable whatever a client does.
                if (!options.Enabled || !context.Request.Path.StartsWithSegments(ApiHostingExtensions.V1, StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter((string.Empty, string.Empty));
                }

                return RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    AutoReplenishment = true,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    internal static (string Kind, string Key) PartitionOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? (ClientKind, context.User.ClientId())
            : (IpKind, (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString());

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, int.MaxValue);
        var (kind, key) = PartitionOf(http);
        var route = RequestLoggingMiddleware.RouteOf(http);
        http.RequestServices.GetRequiredService<ApiMetrics>().RateLimited(kind);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiRateLimiting));
        ApiLog.RateLimited(logger, kind, key, http.Request.Method, route, seconds);

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = ApiErrors.TypeBase + ErrorCodes.RateLimited,
            Title = ApiErrors.TitleOf(ErrorCodes.RateLimited),
            Detail = $"Too many requests from this client; retry after {seconds} s.",
        };
        problem.Extensions["code"] = ErrorCodes.RateLimited;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
