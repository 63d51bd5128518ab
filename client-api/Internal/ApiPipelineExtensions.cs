using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace OrderGrains.ClientApi.Internal;

/// <summary>Services and middleware of the API's request pipeline: metrics, request logging and rate limiting.</summary>
internal static class ApiPipelineExtensions
{
    public static IServiceCollection AddApiPipeline(this IServiceCollection services, ApiOptions options)
    {
        services.AddMetrics();
        services.AddSingleton<ApiMetrics>();
        services.AddApiRateLimiting(options.RateLimit);
        return services;
    }

    /// <summary>Outermost: logs and measures each request with the status that was finally sent.</summary>
    public static IApplicationBuilder UseApiRequestLogging(this IApplicationBuilder app) => app.UseMiddleware<RequestLoggingMiddleware>();
}
