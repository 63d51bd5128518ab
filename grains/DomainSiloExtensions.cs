using OrderGrains.Grains.OrderIndex;
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
        return builder
            .AddGrainAssembly(typeof(DomainSiloExtensions).Assembly)
            .AddOrderIndex()
            .AddPersistentStreams(StockStreams.Provider, o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(500);

                // An outage notifies thousands of orders at once; each reroute spends most of its time waiting on
                // storage, so many run side by side (their writes then share group commits).
                o.MaxConcurrentSubscriptions = 1024;
            });
    }
}
