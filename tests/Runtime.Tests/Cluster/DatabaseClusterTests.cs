using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Client;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;
using OrderGrains.Runtime.Tests.Storage;

namespace OrderGrains.Runtime.Tests.Cluster;

/// <summary>
/// Lease-coordinated clusters of in-process silos on PostgreSQL: one activation per grain, crash takeover, graceful
/// leave, rebalancing on join, fencing of a zombie, streams and reminders after a crash. Short leases (1.5 s) keep
/// each test to a few seconds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseClusterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Probe _probe = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DatabaseClusters.StartAsync(postgres, _probe);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Concurrent_callers_on_three_silos_reach_one_activation_per_grain()
    {
        var silos = _cluster.Silos;
        var keys = Enumerable.Range(0, 10).Select(i => $"single-{i}").ToList();
        var replies = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async caller =>
        {
            var key = keys[caller % keys.Count];
            var where = await silos[caller % silos.Count].GrainFactory.GetGrain<IWhereGrain>(key).WhereAmI();
            replies.GetOrAdd(key, _ => []).Add(where);
        }));

        Assert.Equal(keys.Count, replies.Count);
        foreach (var (key, answers) in replies)
        {
            Assert.Equal(10, answers.Count);
            Assert.Single(answers.Distinct());
        }

        // The grains are spread over the silos, each one served where its partition lease is.
        Assert.True(replies.Values.Select(a => a.First().Split('#')[0]).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Cluster_view_lists_the_live_members_and_follows_partitions_to_their_new_owners()
    {
        await _cluster.WaitForStablePartitionsAsync();
        var view = _cluster.Silos[0].Silo.Services.GetRequiredService<SiloInspector>().Cluster!;
        var members = view.Members.Select(m => m.Name).ToList();
        Assert.Equal(3, members.Count);
        Assert.Contains(view.LocalSilo, members);
        Assert.All(view.PartitionOwners(), owner => Assert.Contains(owner, members));

        var victim = _cluster.Silos[2];
        var victimId = victim.Silo.Services.GetRequiredService<SiloInspector>().SiloName;
        Assert.Contains(victimId, view.PartitionOwners());
        await _cluster.KillSiloAsync(victim);
        await _cluster.WaitForStablePartitionsAsync();

        Assert.DoesNotContain(victimId, view.PartitionOwners());
        Assert.All(view.PartitionOwners(), owner => Assert.NotNull(owner));
    }

    [Fact]
    public async Task Killed_silo_partitions_are_taken_over_and_acknowledged_writes_survive()
    {
        var caller = _cluster.Silos[0];
        var victim = _cluster.Silos[2];
        var keys = DatabaseClusters.KeysServedBy(victim, "counter", "kill").Take(8).ToList();
        var load = new CounterLoad(caller, keys);
        await load.RunUntilAsync(() => load.Acknowledged >= 40);

        await _cluster.KillSiloAsync(victim);
        var killedAt = DateTimeOffset.UtcNow;
        await _cluster.WaitForStablePartitionsAsync();
        var takeoverSeconds = (DateTimeOffset.UtcNow - killedAt).TotalSeconds;
        load.MarkTakeover();
        await load.RunUntilAsync(() => load.AcknowledgedAfterTakeover >= 40);
        await load.StopAsync();

        Assert.True(load.FailedAfterTakeover == 0, load.Errors);
        Assert.True(takeoverSeconds < 5, $"takeover took {takeoverSeconds:0.0} s");
        foreach (var key in keys)
        {
            var stored = await caller.GrainFactory.GetGrain<ICounterGrain>(key).Get();

            // Every acknowledged increment is there; an increment that failed in flight at the kill may or may not be.
            Assert.InRange(stored, load.AcknowledgedOf(key), load.AcknowledgedOf(key) + load.FailedOf(key));
        }
    }

    [Fact]
    public async Task Graceful_stop_under_load_fails_no_call()
    {
        var caller = _cluster.Silos[0];
        var leaving = _cluster.Silos[1];
        var keys = DatabaseClusters.KeysServedBy(leaving, "counter", "leave").Take(8).ToList();
        var load = new CounterLoad(caller, keys);
        await load.RunUntilAsync(() => load.Acknowledged >= 40);

        await _cluster.StopSiloAsync(leaving);
        await _cluster.WaitForStablePartitionsAsync();
        var before = load.Acknowledged;
        await load.RunUntilAsync(() => load.Acknowledged >= before + 40);
        await load.StopAsync();

        Assert.True(load.Failed == 0, load.Errors);
        foreach (var key in keys)
        {
            Assert.Equal(load.AcknowledgedOf(key), await caller.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        }
    }

    [Fact]
    public async Task Added_silo_takes_its_share_of_partitions_and_no_call_fails()
    {
        var caller = _cluster.Silos[0];
        var keys = Enumerable.Range(0, 24).Select(i => $"join-{i}").ToList();
        var load = new CounterLoad(caller, keys);
        await load.RunUntilAsync(() => load.Acknowledged >= 40);

        var added = await _cluster.AddSiloAsync();
        await _cluster.WaitForStablePartitionsAsync();
        var before = load.Acknowledged;
        await load.RunUntilAsync(() => load.Acknowledged >= before + 40);
        await load.StopAsync();

        Assert.True(load.Failed == 0, load.Errors);
        Assert.InRange(added.HeldPartitions, 32 / 4, (32 / 4) + 1);
        foreach (var key in keys)
        {
            Assert.Equal(load.AcknowledgedOf(key), await caller.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        }
    }

    [Fact]
    public async Task Zombie_silo_whose_renewals_are_blocked_cannot_write_after_its_leases_expire()
    {
        var zombie = _cluster.Silos[1];
        var healthy = _cluster.Silos[0];
        var key = DatabaseClusters.KeysServedBy(zombie, "counter", "zombie").First();
        Assert.Equal(1, await zombie.GrainFactory.GetGrain<ICounterGrain>(key).Increment());

        zombie.Faults.BlockLeaseRenewals = true;
        var grainId = new GrainId("counter", key);
        await WaitUntilAsync(() => _cluster.Silos.Any(s => s != zombie && s.Serves(grainId)), TimeSpan.FromSeconds(10));

        // The zombie still believes it owns the grain and runs the call on its old activation: the write is fenced.
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<PartitionLeaseLostException>(() => zombie.GrainFactory.GetGrain<ICounterGrain>(key).Increment());
        }

        Assert.True(zombie.FencedWrites >= 3, $"fenced writes counted: {zombie.FencedWrites}");

        // The new owner continues from the last committed state, untouched by the zombie.
        Assert.Equal(2, await healthy.GrainFactory.GetGrain<ICounterGrain>(key).Increment());
    }

    [Fact]
    public async Task Stream_delivery_resumes_on_the_new_owner_after_the_subscriber_silo_is_killed()
    {
        var survivor = _cluster.Silos[0];
        var victim = _cluster.Silos[2];
        var key = DatabaseClusters.KeysServedBy(victim, "order-stream-consumer", "stream").First();
        // The producer lives on the survivor: a call in flight to the killed silo may fail, and this test is about delivery.
        var producerKey = DatabaseClusters.KeysServedBy(survivor, "stream-producer", "producer").First();
        var producer = survivor.GrainFactory.GetGrain<IStreamProducerGrain>(producerKey);
        await producer.Publish("events", "orders", key, 1, 5);
        try
        {
            await _probe.WaitFor($"got:{key}:", 5);
        }
        catch (TimeoutException)
        {
            Assert.Fail(string.Join(" ", _probe.Events));
        }

        await _cluster.KillSiloAsync(victim);
        await producer.Publish("events", "orders", key, 6, 5);
        await _probe.WaitFor($"got:{key}:", 10, TimeSpan.FromSeconds(20));
        await WaitUntilAsync(() => Received(key).Contains(10), TimeSpan.FromSeconds(20));

        // At least once and in order: duplicates only as a replay of a suffix, never a gap or a step back before it.
        var received = Received(key);
        Assert.Equal(Enumerable.Range(1, 10), received.Distinct());
        Assert.Equal(10, received[^1]);
    }

    [Fact]
    public async Task Reminders_fire_on_the_new_owner_after_the_owner_crashes()
    {
        var survivor = _cluster.Silos[0];
        var victim = _cluster.Silos[1];
        var key = DatabaseClusters.KeysServedBy(victim, "reminder-probe", "remind").First();
        await survivor.GrainFactory.GetGrain<IReminderProbeGrain>(key).Register("tick", TimeSpan.Zero, TimeSpan.FromMilliseconds(300));
        await _probe.WaitFor($"reminder:{key}:tick", 2);

        await _cluster.KillSiloAsync(victim);
        var before = _probe.CountOf($"reminder:{key}:tick");
        await _probe.WaitFor($"reminder:{key}:tick", before + 3, TimeSpan.FromSeconds(15));
        Assert.Contains(_cluster.Silos, s => s.Serves(new GrainId("reminder-probe", key)));
    }

    [Fact]
    public async Task Cluster_client_keeps_working_across_a_silo_kill()
    {
        var victim = _cluster.Silos[2];
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrderGrainsClient(o =>
        {
            o.ClientName = "failover-client";
            o.Partitions = 32;
            o.Silos.Add($"seed={_cluster.Silos[0].Endpoint}");
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var keys = DatabaseClusters.KeysServedBy(victim, "counter", "client").Take(4)
                .Concat(DatabaseClusters.KeysServedBy(_cluster.Silos[1], "counter", "client-other").Take(4)).ToList();
            var load = new CounterLoad(client, keys);
            await load.RunUntilAsync(() => load.Acknowledged >= 40);

            await _cluster.KillSiloAsync(victim);
            await _cluster.WaitForStablePartitionsAsync();
            load.MarkTakeover();
            await load.RunUntilAsync(() => load.AcknowledgedAfterTakeover >= 40);
            await load.StopAsync();

            Assert.True(load.FailedAfterTakeover == 0, load.Errors);
            foreach (var key in keys)
            {
                Assert.InRange(await client.GetGrain<ICounterGrain>(key).Get(), load.AcknowledgedOf(key), load.AcknowledgedOf(key) + load.FailedOf(key));
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private List<int> Received(string key) =>
        [.. _probe.With($"got:{key}:").Select(e => int.Parse(e.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(50, cancel.Token);
        }
    }
}
