using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;
using OrderGrains.Runtime.Tests.Storage;

namespace OrderGrains.Runtime.Tests.Cluster;

/// <summary>Starts lease-coordinated test clusters on fresh databases of the shared PostgreSQL server, with one probe for all silos.</summary>
internal static class DatabaseClusters
{
    public static async Task<TestCluster> StartAsync(PostgresFixture postgres, Probe probe, int silos = 3)
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        return await TestCluster.StartAsync(silos, o =>
        {
            o.ConnectionString = connectionString;
            o.ConfigureSilo = (_, silo) => silo
                .AddPersistentStreams("events", s =>
                {
                    s.PollInterval = TimeSpan.FromMilliseconds(100);
                    s.RetryDelay = TimeSpan.FromMilliseconds(10);
                })
                .AddMemoryStreams("memory")
                .AddReminders(r => r.MinimumPeriod = TimeSpan.FromMilliseconds(100));
            o.ConfigureServices = (_, services) => services.AddSingleton(probe).AddSiloInspection();
        });
    }

    /// <summary>Keys of <paramref name="grainType"/> grains served by <paramref name="silo"/>.</summary>
    public static IEnumerable<string> KeysServedBy(TestClusterSilo silo, string grainType, string prefix) =>
        Enumerable.Range(0, 10_000).Select(i => $"{prefix}-{i}").Where(k => silo.Serves(new GrainId(grainType, k)));
}
