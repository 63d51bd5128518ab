using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderGrains.Grains.OrderIndex;
using OrderGrains.Grains.Promises;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Runtime.Hosting;

namespace OrderGrains.Grains;

/// <summary>Adds the order domain to a silo: its grains and the persistent stream provider its grains publish to.</summary>
public static class DomainSiloExtensions
{
    /// <summary>Loads the domain's grains and adds the "events" persistent stream provider.</summary>
    public static ISiloBuilder AddOrderDomain(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddPromises(builder.Services);
        builder.Services.TryAddSingleton<Routing.RoutingClaims>();
        builder.Services.TryAddSingleton<Warehouses.WarehouseDirectoryCache>();
        Rules.RulesSiloExtensions.AddRules(builder.Services);
        return builder
            .AddGrainAssembly(typeof(DomainSiloExtensions).Assembly)
            .AddOrderIndex()
            .AddPersistentStreams(StockStreams.Provider, o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(500);

                // Under load many subscriptions have events at once (SKU views, order-change shards, per-order outage
                // notices stored by earlier versions); a delivery mostly waits for the grains it calls, so many run
                // side by side (their writes then share group commits).
                o.MaxConcurrentSubscriptions = 1024;
            });
    }

    /// <summary>Delivery promises: options (validated at start), the per-silo caches and calculator, and their metrics.</summary>
    private static void AddPromises(IServiceCollection services)
    {
        services.AddOptions<PromiseOptions>()
            .Validate(
                static o =>
                {
                    o.Validate();
                    return true;
                },
                "Invalid OrderGrains:Promises options.")
            .ValidateOnStart();
        services.TryAddSingleton(static sp => new PromiseCache(sp.GetRequiredService<IOptions<PromiseOptions>>().Value.Validate()));
        services.TryAddSingleton(static sp => new PromiseCalculator(sp.GetRequiredService<IOptions<PromiseOptions>>().Value, sp.GetRequiredService<PromiseCache>()));
        services.TryAddSingleton(static sp => new PromiseMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
    }
}
