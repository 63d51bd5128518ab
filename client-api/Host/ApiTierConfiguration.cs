using OrderGrains.Dashboard;
using OrderGrains.Runtime.Client;

namespace OrderGrains.ClientApi.Host;

/// <summary>
/// Configures the API tier: HTTP address (<c>OrderGrains:Http:Urls</c>, default http://127.0.0.1:5090), the cluster it
/// attaches to (<c>OrderGrains:Cluster:Silos</c>, <c>name=host:port</c> each, host names resolved at start, and
/// <c>Partitions</c>), the API and the dashboard.
/// </summary>
public static class ApiTierConfiguration
{
    /// <summary>Adds the cluster client, the API and a readiness check on the client's connection.</summary>
    public static WebApplicationBuilder AddOrderGrainsApiTier(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseUrls(builder.Configuration["OrderGrains:Http:Urls"] ?? "http://127.0.0.1:5090");
        var cluster = builder.Configuration.GetSection("OrderGrains:Cluster");
        var silos = cluster.GetSection("Silos").Get<string[]>() ?? [];
        if (silos.Length == 0)
        {
            throw new InvalidOperationException(
                "OrderGrains:Cluster:Silos must list the cluster's silos as name=address:port (e.g. --OrderGrains:Cluster:Silos:0=silo-1=127.0.0.1:11111).");
        }

        builder.Services.AddOrderGrainsClient(o =>
        {
            o.ClientName = cluster["ClientName"] ?? $"api-{Environment.MachineName}-{Environment.ProcessId}";
            o.Partitions = cluster.GetValue("Partitions", o.Partitions);
            foreach (var silo in silos)
            {
                o.Silos.Add(SeedResolver.Resolve(silo));
            }
        });
        builder.AddOrderGrainsApi();
        builder.AddOrderGrainsDashboard();
        builder.Services.AddHealthChecks().AddCheck<ClusterClientHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
