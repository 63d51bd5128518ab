using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.ClientApi.Security;
using OrderGrains.Dashboard.Business;
using OrderGrains.Dashboard.Calls;
using OrderGrains.Dashboard.Cluster;
using OrderGrains.Dashboard.Http;
using OrderGrains.Dashboard.Logs;
using OrderGrains.Runtime;
using OrderGrains.Runtime.Client;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Dashboard;

/// <summary>Adds the dashboard to a silo host or an API tier.</summary>
public static class DashboardExtensions
{
    /// <summary>Where the dashboard is mounted by default.</summary>
    public const string DefaultPath = "/dashboard";

    /// <summary>
    /// Registers the dashboard from <see cref="DashboardOptions.Section"/> and <paramref name="configure"/>. In a silo it
    /// reads the silo directly and asks the other silos over the silo transport; in an API tier (a cluster client) it
    /// asks every silo. Authentication uses the API's identities and roles, so the host must also add the API.
    /// </summary>
    public static IHostApplicationBuilder AddOrderGrainsDashboard(this IHostApplicationBuilder builder, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        configure?.Invoke(options);
        options.Validate();
        var services = builder.Services;
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DashboardWatch(sp.GetRequiredService<TimeProvider>(), options.WatchWindow));
        services.AddSingleton<CallStatsTable>();
        services.AddSingleton<IIncomingGrainCallFilter, DashboardCallFilter>();
        services.AddSingleton<ProcessSampler>();
        services.AddSingleton(sp => new OrderEventCounters(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSiloInspection();
        services.AddSingleton(sp => new DashboardStatsProvider(
            sp.GetRequiredService<SiloInspector>(), sp.GetRequiredService<CallStatsTable>(), sp.GetRequiredService<DashboardWatch>(),
            sp.GetRequiredService<ProcessSampler>(), sp.GetRequiredService<OrderEventCounters>(), sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<DashboardLogBuffer>()));
        services.AddSingleton<ISiloStatsProvider>(sp => sp.GetRequiredService<DashboardStatsProvider>());
        services.AddSingleton(CreateSilos);
        services.AddSingleton<BusinessCollector>();
        services.AddSingleton<DashboardHub>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardHub>());
        services.AddSingleton<DashboardLogBuffer>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<DashboardLogBuffer>());
        return builder;
    }

    /// <summary>
    /// Serves the page at <paramref name="path"/> and its JSON endpoints and live channel under <c>{path}/api</c>.
    /// Viewing needs the <see cref="ApiPolicies.DashboardView"/> policy, changing the <see cref="ApiPolicies.DashboardOperate"/>
    /// one, unless <see cref="DashboardOptions.RequireAuthentication"/> is false.
    /// </summary>
    public static IEndpointRouteBuilder MapOrderGrainsDashboard(this IEndpointRouteBuilder endpoints, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetService<DashboardOptions>()
            ?? throw new InvalidOperationException("Call AddOrderGrainsDashboard before MapOrderGrainsDashboard.");
        path = "/" + path.Trim('/');

        // The page itself holds no data (it asks for credentials first), so it is served to anyone.
        endpoints.MapGet(path, (HttpContext http) => StaticAssets.Serve("index.html", http, path)).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(path + "/{file}", (string file, HttpContext http) => StaticAssets.Serve(file, http, path)).AllowAnonymous().ExcludeFromDescription();

        var api = endpoints.MapGroup(path + "/api").ExcludeFromDescription();
        if (options.RequireAuthentication)
        {
            api.RequireAuthorization(ApiPolicies.DashboardView);
        }
        else
        {
            api.AllowAnonymous();
        }

        DashboardEndpoints.Map(api, options);
        DashboardLog.Mounted(
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("OrderGrains.Dashboard"),
            path,
            options.RequireAuthentication ? "required" : "disabled by configuration");
        return endpoints;
    }

    private static DashboardSilos CreateSilos(IServiceProvider services)
    {
        var options = services.GetRequiredService<DashboardOptions>();
        var time = services.GetRequiredService<TimeProvider>();
        if (services.GetService<Silo>() is not null)
        {
            // A silo: itself in process, the other members over the transport the cluster is configured with.
            var local = services.GetRequiredService<DashboardStatsProvider>();
            var inspector = services.GetRequiredService<SiloInspector>();
            IReadOnlyList<(string, IPEndPoint)> Members() => inspector.Cluster?.Members.Select(m => (m.Name, IPEndPoint.Parse(m.Endpoint))).ToList() ?? [];
            var transport = services.GetService<IOptions<ClusterOptions>>()?.Value.Transport ?? new TransportOptions();
            return new DashboardSilos(local, Members, new SiloSystemCalls(inspector.SiloName, transport, time), options);
        }

        // An API tier: every silo it is a client of.
        var client = services.GetService<IOptions<ClusterClientOptions>>()?.Value;
        var silos = client is { Silos.Count: > 0 } ? client.Validate().Select(s => (s.Name, s.Endpoint)).ToList() : [];
        return new DashboardSilos(null, () => silos, new SiloSystemCalls(client?.ClientName ?? "dashboard", client?.Transport ?? new TransportOptions(), time), options);
    }
}
