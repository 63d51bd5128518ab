using OrderGrains.ClientApi;
using OrderGrains.Dashboard;
using OrderGrains.Grains;
using OrderGrains.Grains.Webhooks;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Reminders;

namespace OrderGrains.Silo;

/// <summary>
/// Configures the silo host from configuration (appsettings, <c>ORDERGRAINS__...</c> environment variables, command
/// line): HTTP address, storage, runtime options, streams, reminders and health checks.
/// </summary>
public static class SiloHostConfiguration
{
    /// <summary>Configuration section of the silo.</summary>
    public const string Section = "OrderGrains";

    /// <summary>Adds the silo and its HTTP front to the web application.</summary>
    public static WebApplicationBuilder AddOrderGrainsSiloHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(Section).Get<SiloHostSettings>() ?? new SiloHostSettings();
        settings.Validate();

        builder.WebHost.UseUrls(settings.Http.Urls);
        builder.Services.Configure<SiloOptions>(builder.Configuration.GetSection($"{Section}:Silo"));
        builder.Services.Configure<ReminderOptions>(builder.Configuration.GetSection($"{Section}:Reminders"));
        builder.UseOrderGrains(silo => silo
            .AddStorage(StorageNames.Default, settings.Storage.Provider, settings.Storage.ConnectionString)
            .AddOrderDomain()
            .AddWebhooks()
            .AddMemoryStreams("memory")
            .AddReminders()
            .AddClusterFromConfiguration(builder.Configuration.GetSection($"{Section}:Cluster"), builder.Configuration[$"{Section}:Silo:SiloName"]));
        builder.AddOrderGrainsApi();
        builder.AddOrderGrainsDashboard();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHostedService<StartupBanner>();
        if (settings.DemoData)
        {
            builder.Services.AddHostedService<DemoDataSeeder>();
        }
        return builder;
    }

    /// <summary>
    /// Joins a database (lease) cluster when <c>OrderGrains:Cluster:Mode</c> is <c>database</c>, or a static cluster when <c>OrderGrains:Cluster:Silos</c> lists silos (<c>name=address:port</c>); this silo is
    /// <c>OrderGrains:Cluster:SiloName</c> (default: the silo's name). Without a list the silo runs alone.
    /// </summary>
    private static ISiloBuilder AddClusterFromConfiguration(this ISiloBuilder silo, IConfigurationSection cluster, string? siloName)
    {
        if (string.Equals(cluster["Mode"], "database", StringComparison.OrdinalIgnoreCase))
        {
            // Lease cluster on the silo's storage: OrderGrains:Cluster:{SiloName, Endpoint, AdvertisedEndpoint, Partitions, LeaseDuration, ...}.
            var databaseName = cluster["SiloName"] ?? siloName ?? Environment.MachineName;
            silo.Configure(o => o.SiloName = databaseName);
            return silo.AddDatabaseCluster(o =>
            {
                cluster.Bind(o);
                o.SiloName = databaseName;
                o.Endpoint = cluster["Endpoint"] ?? "127.0.0.1:11111";
            });
        }

        var silos = cluster.GetSection("Silos").Get<string[]>() ?? [];
        if (silos.Length == 0)
        {
            return silo;
        }

        var name = cluster["SiloName"] ?? siloName ?? Environment.MachineName;
        silo.Configure(o => o.SiloName = name);
        return silo.AddStaticCluster(o =>
        {
            o.SiloName = name;
            o.Partitions = cluster.GetValue("Partitions", o.Partitions);
            foreach (var member in silos)
            {
                o.Silos.Add(member);
            }
        });
    }
}
