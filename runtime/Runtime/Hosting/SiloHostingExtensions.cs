using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Messaging;
using OrderGrains.Runtime.Persistence;

namespace OrderGrains.Runtime.Hosting;

/// <summary>Adds a silo to a host.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Adds a silo to the host; <paramref name="configure"/> sets storage, streams and options.</summary>
    public static IHostApplicationBuilder UseOrderGrains(this IHostApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrderGrainsSilo(configure);
        return builder;
    }

    /// <summary>Adds a silo's services; <paramref name="configure"/> sets storage, streams and options.</summary>
    public static IServiceCollection AddOrderGrainsSilo(this IServiceCollection services, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var silo = new SiloBuilder(services);
        configure(silo);
        Silo.LoadGrainAssemblies(silo.GrainAssemblies);

        services.AddOptions<SiloOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RuntimeInstruments(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<IIncomingGrainCallFilter, GrainCallMetricsFilter>();
        services.TryAddSingleton(sp => new GrainCallFilters(sp.GetServices<IIncomingGrainCallFilter>(), sp.GetServices<IOutgoingGrainCallFilter>()));
        services.TryAddSingleton(sp => new StoreRegistry(
            sp.GetServices<RuntimeStoreRegistration>(),
            sp.GetRequiredService<IOptions<SiloStorageOptions>>().Value.DefaultStorageName));
        services.AddOptions<SiloStorageOptions>();
        services.TryAddSingleton<PersistenceManager>();
        services.TryAddSingleton<SiloRuntime>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.TryAddSingleton(sp => new Silo(
            sp.GetRequiredService<SiloRuntime>(), sp.GetServices<ISiloLifecycleParticipant>(), sp.GetRequiredService<ILogger<Silo>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
        return services;
    }

    /// <summary>Configures <see cref="SiloOptions"/>.</summary>
    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<SiloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Loads the grains of <paramref name="assembly"/> (needed only for assemblies the host does not reference).</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.GrainAssemblies.Add(assembly);
        return builder;
    }

    /// <summary>Adds an incoming call filter.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IIncomingGrainCallFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return builder;
    }

    /// <summary>Adds an outgoing call filter.</summary>
    public static ISiloBuilder AddOutgoingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IOutgoingGrainCallFilter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IOutgoingGrainCallFilter, TFilter>();
        return builder;
    }
}
