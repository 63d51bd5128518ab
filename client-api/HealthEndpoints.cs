using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace OrderGrains.ClientApi;

/// <summary>Health endpoints: <c>/health/live</c> (the process answers), <c>/health/ready</c> and <c>/health</c> (it can serve calls).</summary>
public static class HealthEndpoints
{
    /// <summary>Tag of checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Maps the health endpoints.</summary>
    public static IEndpointRouteBuilder MapOrderGrainsHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync });
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync });
        return endpoints;
    }
}
