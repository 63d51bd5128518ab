using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>Adds the order index (store, writer, projector and search grains) to a silo.</summary>
public static class OrderIndexSiloExtensions
{
    /// <summary>
    /// Adds the order index in the silo's default storage (same database, its own tables and schema version). Call it
    /// before the persistent stream provider is added, so the index schema is migrated before the feed delivers.
    /// </summary>
    public static ISiloBuilder AddOrderIndex(this ISiloBuilder builder, Action<OrderIndexOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddSingleton(sp => new OrderIndexMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.TryAddSingleton<IOrderIndexStore>(sp =>
        {
            var storageName = sp.GetRequiredService<IOptions<SiloStorageOptions>>().Value.DefaultStorageName;
            var registration = sp.GetServices<RuntimeStoreRegistration>().FirstOrDefault(r => r.Store.Name == storageName)
                ?? throw new InvalidOperationException($"The order index needs the silo's default storage '{storageName}', which is not configured.");
            if (registration.Store is not AdoNetRuntimeStore store)
            {
                throw new InvalidOperationException($"The order index needs an ADO.NET storage; '{storageName}' is a {registration.Store.GetType().Name}.");
            }

            return new AdoNetOrderIndexStore(store.Provider, store.DataSource, sp.GetService<ILogger<AdoNetOrderIndexStore>>(), sp.GetService<TimeProvider>());
        });
        builder.Services.TryAddSingleton<OrderIndexWriter>();
        builder.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<OrderIndexWriter>());
        return builder;
    }
}
