using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Hosting;

/// <summary>Joins a silo to a cluster.</summary>
public static class SiloClusterExtensions
{
    /// <summary>
    /// Makes this silo one of a static cluster: every silo lists the same silos (<c>name=address:port</c>) and
    /// partitions are spread over them in order; calls to grains in other silos' partitions go over TCP.
    /// </summary>
    public static ISiloBuilder AddStaticCluster(this ISiloBuilder builder, Action<ClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        builder.Services.AddSingleton<SiloCluster>();
        builder.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<SiloCluster>());
        return builder;
    }
}
