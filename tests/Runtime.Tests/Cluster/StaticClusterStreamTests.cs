using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Cluster;

public sealed class StaticClusterStreamTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = TestDirectory.Create();
    private readonly List<SiloHarness> _silos = [];

    public async Task InitializeAsync()
    {
        string[] members = [$"silo-a=127.0.0.1:{TestPorts.GetFree()}", $"silo-b=127.0.0.1:{TestPorts.GetFree()}"];
        var storage = ("Sqlite", $"Data Source={Path.Combine(_directory.Path, "cluster.db")}");
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            _silos.Add(await SiloHarness.StartAsync(
                silo => silo.Configure(o => o.SiloName = name).AddStaticCluster(o =>
                {
                    o.SiloName = name;
                    foreach (var member in members)
                    {
                        o.Silos.Add(member);
                    }
                }),
                storage: storage));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Stream_events_are_delivered_in_order_by_the_silo_that_owns_the_subscriber_only()
    {
        var keys = Enumerable.Range(0, 10).Select(i => $"cs-{i}").ToList();
        foreach (var key in keys)
        {
            await _silos[0].Silo.GrainFactory.GetGrain<IStreamProducerGrain>("producer-" + key).Publish("events", "orders", key, 1, 5);
        }

        await Task.WhenAll(keys.Select(async key =>
        {
            var owner = OwnerIndex(new GrainId("order-stream-consumer", key));
            await _silos[owner].Probe.WaitFor($"got:{key}:", 5);
        }));

        foreach (var key in keys)
        {
            var owner = OwnerIndex(new GrainId("order-stream-consumer", key));
            // At least once: a delivery that timed out on a loaded machine comes again, never out of order or lost.
            Assert.Equal([1, 2, 3, 4, 5], _silos[owner].Probe.With($"got:{key}:").Select(e => int.Parse(e.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture)).Distinct());
            Assert.Empty(_silos[1 - owner].Probe.With($"got:{key}:"));
        }
    }

    private static int OwnerIndex(GrainId grainId) => new PartitionMap(256).PartitionOf(grainId) % 2;

}
