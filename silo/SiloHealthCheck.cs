using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderGrains.Silo;

/// <summary>Ready when the silo runs and its grain activations can be reached.</summary>
internal sealed class SiloHealthCheck(Runtime.Hosting.Silo silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!silo.IsRunning
            ? HealthCheckResult.Unhealthy($"Silo {silo.Name} is not running.")
            : !silo.IsClusterMember
                ? HealthCheckResult.Unhealthy($"Silo {silo.Name} was declared dead by the cluster.")
                : HealthCheckResult.Healthy(silo.HeldPartitions is { } held
                    ? $"Silo {silo.Name} running with {silo.ActivationCount} activations, {held} partition leases."
                    : $"Silo {silo.Name} running with {silo.ActivationCount} activations."));
}
