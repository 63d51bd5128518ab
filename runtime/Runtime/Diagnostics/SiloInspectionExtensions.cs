using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>Registers the read-only diagnostics views of a silo.</summary>
public static class SiloInspectionExtensions
{
    /// <summary>Adds <see cref="SiloInspector"/> and <see cref="ClusterEventLog"/> (for hosts that run a silo).</summary>
    public static IServiceCollection AddSiloInspection(this IServiceCollection services)
    {
        services.TryAddSingleton<ClusterEventLog>();
        services.TryAddSingleton(sp => new SiloInspector(sp.GetRequiredService<SiloRuntime>(), sp.GetService<IOptions<ClusterOptions>>()));
        return services;
    }
}
