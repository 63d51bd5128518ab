using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace OrderGrains.Runtime.Client;

/// <summary>Adds a cluster client to a host.</summary>
public static class ClientHostingExtensions
{
    /// <summary>
    /// Adds <see cref="IClusterClient"/> (also registered as <see cref="IGrainFactory"/> unless the process hosts a
    /// silo); it connects when the host starts and fails start-up when no silo can be reached.
    /// </summary>
    public static IServiceCollection AddOrderGrainsClient(this IServiceCollection services, Action<ClusterClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClusterClient>();
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ClusterClient>());
        return services;
    }
}
