using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Runtime.Tests.Cluster;

/// <summary>The silo-addressed <c>$silo-stats</c> system call and the read-only cluster view.</summary>
public sealed class SiloStatsCallTests : IAsyncLifetime
{
    private readonly List<TestSilo> _silos = [];
    private readonly string[] _members = [$"silo-a=127.0.0.1:{TestPorts.GetFree()}", $"silo-b=127.0.0.1:{TestPorts.GetFree()}"];

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            _silos.Add(await TestSilo.StartAsync(
                silo => silo.Configure(o => o.SiloName = name).AddStaticCluster(o =>
                {
                    o.SiloName = name;
                    o.Partitions = 16;
                    foreach (var member in _members)
                    {
                        o.Silos.Add(member);
                    }
                }),
                services =>
                {
                    services.AddSiloInspection();
                    if (name == "silo-b")
                    {
                        services.AddSingleton<ISiloStatsProvider>(new EchoProvider(name));
                    }
                }));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_answers_with_its_stats_provider_and_a_silo_without_one_refuses()
    {
        await using var calls = new SiloSystemCalls("test", new TransportOptions());
        var query = JsonSerializer.SerializeToElement(new { kind = "echo", n = 7 });

        var answer = await calls.QueryStatsAsync(EndpointOf("silo-b"), query, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("silo-b", answer.GetProperty("silo").GetString());
        Assert.Equal(7, answer.GetProperty("query").GetProperty("n").GetInt32());

        var refused = await Assert.ThrowsAsync<RemoteCallFailedException>(
            () => calls.QueryStatsAsync(EndpointOf("silo-a"), query, TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal("remote.unknown-method", refused.Code);
    }

    [Fact]
    public void Cluster_view_lists_members_and_every_partition_owner()
    {
        var inspector = _silos[0].Services.GetRequiredService<SiloInspector>();
        var cluster = Assert.IsType<IClusterInspector>(inspector.Cluster, exactMatch: false);

        Assert.Equal("silo-a", cluster.LocalSilo);
        Assert.Equal(["silo-a", "silo-b"], cluster.Members.Select(m => m.Name));
        var owners = cluster.PartitionOwners();
        Assert.Equal(16, owners.Count);
        Assert.Equal(8, owners.Count(o => o == "silo-a"));
        Assert.Equal(8, owners.Count(o => o == "silo-b"));

        var grain = new GrainId("where", "x-1");
        Assert.Equal(inspector.OwnerOf(grain), owners[new Placement.PartitionMap(16).PartitionOf(grain)]);
    }

    private IPEndPoint EndpointOf(string silo) => IPEndPoint.Parse(_members.Single(m => m.StartsWith(silo + "=", StringComparison.Ordinal))[(silo.Length + 1)..]);

    private sealed class EchoProvider(string silo) : ISiloStatsProvider
    {
        public ValueTask<JsonElement> AnswerAsync(JsonElement query, CancellationToken cancellationToken) =>
            ValueTask.FromResult(JsonSerializer.SerializeToElement(new { silo, query }));
    }
}
