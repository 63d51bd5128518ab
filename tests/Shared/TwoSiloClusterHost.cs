using Microsoft.AspNetCore.Builder;
using OrderGrains.ClientApi.Host;
using OrderGrains.Runtime.Testing;
using OrderGrains.Silo;

namespace OrderGrains.Tests.Shared;

/// <summary>
/// Two silos (<c>silo-1</c>, <c>silo-2</c>) of a static cluster on a throwaway PostgreSQL, and an API tier attached to
/// them through a cluster client; everything binds 127.0.0.1 on free ports. Linked into the test projects that need a
/// real cluster behind HTTP (tests/Shared is not a project of its own).
/// </summary>
internal sealed class TwoSiloClusterHost : IAsyncDisposable
{
    private readonly List<WebApplication> _silos = [];
    private PostgresTestServer? _postgres;

    private TwoSiloClusterHost()
    {
    }

    /// <summary>The silos, silo-1 first.</summary>
    public IReadOnlyList<WebApplication> Silos => _silos;

    /// <summary>The API tier.</summary>
    public WebApplication Tier { get; private set; } = null!;

    /// <summary>
    /// Starts the cluster: <paramref name="siloArguments"/> and <paramref name="tierArguments"/> are added to each
    /// process's command line; <paramref name="mapSilo"/> and <paramref name="mapTier"/> map their endpoints.
    /// </summary>
    public static async Task<TwoSiloClusterHost> StartAsync(
        string[] siloArguments, string[] tierArguments, Action<WebApplication> mapSilo, Action<WebApplication> mapTier)
    {
        var host = new TwoSiloClusterHost();
        try
        {
            host._postgres = await PostgresTestServer.StartAsync();
            var database = await host._postgres.CreateDatabaseAsync();
            string[] cluster = [$"--OrderGrains:Cluster:Silos:0=silo-1=127.0.0.1:{TestPorts.GetFree()}", $"--OrderGrains:Cluster:Silos:1=silo-2=127.0.0.1:{TestPorts.GetFree()}"];
            foreach (var name in new[] { "silo-1", "silo-2" })
            {
                var builder = WebApplication.CreateBuilder(
                [
                    "--OrderGrains:Http:Urls=http://127.0.0.1:0",
                    "--OrderGrains:Storage:Provider=PostgreSql",
                    $"--OrderGrains:Storage:ConnectionString={database}",
                    "--OrderGrains:DemoData=false",
                    $"--OrderGrains:Cluster:SiloName={name}",
                    "--Logging:LogLevel:Default=Warning",
                    .. siloArguments,
                    .. cluster,
                ]);
                builder.AddOrderGrainsSiloHost();
                var silo = builder.Build();
                mapSilo(silo);
                host._silos.Add(silo);
                await silo.StartAsync();
            }

            var tier = WebApplication.CreateBuilder(
            [
                "--OrderGrains:Http:Urls=http://127.0.0.1:0",
                "--Logging:LogLevel:Default=Warning",
                .. tierArguments,
                .. cluster,
            ]);
            tier.AddOrderGrainsApiTier();
            host.Tier = tier.Build();
            mapTier(host.Tier);
            await host.Tier.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Tier is not null)
        {
            await Tier.StopAsync();
            await Tier.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
