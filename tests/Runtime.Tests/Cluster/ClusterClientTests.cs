using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderGrains.Runtime.Client;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Cluster;

public sealed class ClusterClientTests : IAsyncLifetime
{
    private readonly List<TestSilo> _silos = [];
    private readonly string[] _members = [$"silo-a=127.0.0.1:{TestPorts.GetFree()}", $"silo-b=127.0.0.1:{TestPorts.GetFree()}"];
    private IHost? _client;

    private IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            _silos.Add(await TestSilo.StartAsync(silo => silo
                .Configure(o => o.SiloName = name)
                .AddStaticCluster(o =>
                {
                    o.SiloName = name;
                    foreach (var member in _members)
                    {
                        o.Silos.Add(member);
                    }
                })));
        }

        _client = await StartClientAsync(_members);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Client_calls_reach_the_same_activation_as_calls_from_inside_the_cluster()
    {
        Assert.True(Client.IsConnected);
        var keys = Enumerable.Range(0, 30).Select(i => $"client-{i}").ToList();
        var viaClient = await Task.WhenAll(keys.Select(k => Client.GetGrain<IWhereGrain>(k).WhereAmI()));
        var viaSilo = await Task.WhenAll(keys.Select(k => _silos[0].GrainFactory.GetGrain<IWhereGrain>(k).WhereAmI()));

        Assert.Equal(viaSilo, viaClient);
        Assert.Contains(viaClient, w => w.StartsWith("silo-a#", StringComparison.Ordinal));
        Assert.Contains(viaClient, w => w.StartsWith("silo-b#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_gets_results_exceptions_and_timeouts_like_a_local_caller()
    {
        var ping = Client.GetGrain<IPingGrain>("client-ping");
        Assert.Equal(42, await ping.Ping(41));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ping.Fail("from the client"));
        Assert.Equal("from the client", error.Message);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => ping.WaitWithShortDeadline(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Client_start_fails_clearly_when_no_silo_answers()
    {
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => StartClientAsync([$"nobody=127.0.0.1:{TestPorts.GetFree()}"]));
        Assert.Contains("reached no silo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_to_a_stopped_silo_fail_fast_and_calls_to_the_other_keep_working()
    {
        await _silos[1].StopAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                return await Client.GetGrain<IWhereGrain>($"after-{i}").WhereAmI().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (SiloUnavailableException)
            {
                return "unavailable";
            }
        }));

        Assert.Contains("unavailable", results);
        Assert.Contains(results, r => r.StartsWith("silo-a#", StringComparison.Ordinal));
    }

    private static async Task<IHost> StartClientAsync(IEnumerable<string> silos)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrderGrainsClient(o =>
        {
            o.ClientName = "test-client";
            foreach (var silo in silos)
            {
                o.Silos.Add(silo);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

}
