using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderGrains.Runtime.Client;

namespace OrderGrains.ClientApi.Host;

/// <summary>Ready while the cluster client is connected.</summary>
internal sealed class ClusterClientHealthCheck(IClusterClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.IsConnected ? HealthCheckResult.Healthy("attached to the cluster") : HealthCheckResult.Unhealthy("not attached to the cluster"));
}
