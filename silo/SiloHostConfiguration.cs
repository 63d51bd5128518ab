using OrderGrains.ClientApi;
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
            .AddReminders());
        builder.AddOrderGrainsApi();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHostedService<StartupBanner>();
        if (settings.DemoData)
        {
            builder.Services.AddHostedService<DemoDataSeeder>();
        }
        return builder;
    }
}
