using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Tests.Grains;
using OrderGrains.Runtime.Tests.Persistence;

namespace OrderGrains.Runtime.Tests.Streams;

public sealed class PersistentStreamTests : IAsyncLifetime
{
    private SiloHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SiloHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Events_reach_the_implicit_subscriber_in_publication_order()
    {
        await _harness.Grains.GetGrain<IStreamProducerGrain>("p").Publish("events", "orders", "o1", 1, 100);
        await _harness.Probe.WaitFor("got:o1:", 100);

        var received = _harness.Probe.With("got:o1:").Select(e => int.Parse(e.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 100), received);
    }

    [Fact]
    public async Task State_and_its_events_are_written_together_and_the_events_are_delivered()
    {
        var producer = _harness.Grains.GetGrain<IStreamProducerGrain>("outbox");
        Assert.Equal(3, await producer.WriteWithEvents(3));
        Assert.Equal(5, await producer.WriteWithEvents(2));

        await _harness.Probe.WaitFor("got:outbox:", 5);
        Assert.Equal(["got:outbox:1:1", "got:outbox:2:2", "got:outbox:3:3", "got:outbox:4:4", "got:outbox:5:5"], _harness.Probe.With("got:outbox:"));
    }

    [Fact]
    public async Task Delivery_resumes_after_a_restart_with_no_event_lost()
    {
        await _harness.Grains.GetGrain<IStreamProducerGrain>("p").Publish("events", "orders", "restart", 1, 200);
        await _harness.RestartAsync();
        await _harness.Probe.WaitFor("got:restart:", 200);

        // At least once and in order: duplicates may appear across the restart, gaps and reordering may not.
        var received = _harness.Probe.With("got:restart:").Select(e => long.Parse(e.Split(':')[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), received.Distinct().Order());
        var firstDelivery = received.Select((seq, index) => (seq, index)).GroupBy(p => p.seq).Select(g => g.First().index).ToList();
        Assert.Equal(firstDelivery.Order(), firstDelivery);
    }

    [Fact]
    public async Task Explicit_subscription_survives_deactivation_and_receives_new_events()
    {
        var subscriber = _harness.Grains.GetGrain<IExplicitSubscriberGrain>("s1");
        var producer = _harness.Grains.GetGrain<IStreamProducerGrain>("p");
        await producer.Publish("events", "explicit", "s1", 1, 2);
        await subscriber.Subscribe("events", "explicit");
        await producer.Publish("events", "explicit", "s1", 3, 2);
        await _harness.Probe.WaitFor("explicit:s1:", 2);

        await _harness.RestartAsync();
        await _harness.Grains.GetGrain<IStreamProducerGrain>("p").Publish("events", "explicit", "s1", 5, 1);
        await _harness.Probe.WaitFor("explicit:s1:5:", 1);

        // Events published before the subscription are not delivered; everything after is, in order.
        Assert.Equal(["explicit:s1:3:3", "explicit:s1:4:4", "explicit:s1:5:5"], _harness.Probe.With("explicit:s1:"));
    }

    [Fact]
    public async Task An_event_reaches_a_subscription_the_silo_has_not_seen_without_waiting_for_the_poll_interval()
    {
        // The restarted silo knows nothing of the subscriptions (as if another silo or a client had made them), and its
        // poll interval outlasts the test: only the polls events ask for can find them.
        await using var harness = await SiloHarness.StartAsync(streams: o =>
        {
            o.PollInterval = TimeSpan.FromHours(1);
            o.EventPollDelay = TimeSpan.FromMilliseconds(20);
        });
        await harness.Grains.GetGrain<IExplicitSubscriberGrain>("unseen-1").Subscribe("events", "explicit");
        await harness.Grains.GetGrain<IExplicitSubscriberGrain>("unseen-2").Subscribe("events", "explicit");
        await harness.RestartAsync();
        var producer = harness.Grains.GetGrain<IStreamProducerGrain>("p");

        // The first delivery may come from the poll every start runs; once it arrived, that poll is spent.
        await producer.Publish("events", "explicit", "unseen-1", 1, 1);
        await harness.Probe.WaitFor("explicit:unseen-1:", 1);
        await producer.Publish("events", "explicit", "unseen-2", 1, 1);
        await harness.Probe.WaitFor("explicit:unseen-2:", 1);

        Assert.Equal(["explicit:unseen-2:1:1"], harness.Probe.With("explicit:unseen-2:"));
    }

    [Fact]
    public async Task Deliveries_go_on_while_the_checkpoints_of_earlier_ones_wait_for_storage()
    {
        // One delivery at a time: if a delivery kept its slot until its checkpoint was stored, the second stream would
        // wait for a checkpoint the store holds.
        ControllableRuntimeStore? store = null;
        await using var harness = await SiloHarness.StartAsync(wrapStore: inner => store = new ControllableRuntimeStore(inner), streams: o => o.MaxConcurrentSubscriptions = 1);
        store!.HoldWrites = true;
        var heldCheckpoints = new List<HeldWrite>();
        using var stop = new CancellationTokenSource();
        var releaser = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HeldWrite held;
                try
                {
                    held = await store.NextHeldAsync();
                }
                catch (TimeoutException)
                {
                    continue;
                }

                if (held.AdvancesCheckpoints)
                {
                    lock (heldCheckpoints)
                    {
                        heldCheckpoints.Add(held);
                    }
                }
                else
                {
                    held.Release();
                }
            }
        });

        try
        {
            await harness.Grains.GetGrain<IStreamProducerGrain>("cp").WriteWithEventsOn(["cp-a", "cp-b", "cp-c"]);
            await Task.WhenAll(harness.Probe.WaitFor("got:cp-a:"), harness.Probe.WaitFor("got:cp-b:"), harness.Probe.WaitFor("got:cp-c:"));

            lock (heldCheckpoints)
            {
                Assert.NotEmpty(heldCheckpoints);
            }
        }
        finally
        {
            // The releaser ends at its next wait; nothing is held from here on.
            await stop.CancelAsync();
            store.ReleaseAll();
        }
    }

    [Fact]
    public async Task Subscription_can_rewind_to_an_earlier_sequence_number()
    {
        var subscriber = _harness.Grains.GetGrain<IExplicitSubscriberGrain>("s2");
        var producer = _harness.Grains.GetGrain<IStreamProducerGrain>("p");
        await subscriber.Subscribe("events", "explicit");
        await producer.Publish("events", "explicit", "s2", 1, 3);
        await _harness.Probe.WaitFor("explicit:s2:", 3);

        await subscriber.Rewind(2);
        await _harness.Probe.WaitFor("explicit:s2:", 5);
        Assert.Equal(["explicit:s2:1:1", "explicit:s2:2:2", "explicit:s2:3:3", "explicit:s2:2:2", "explicit:s2:3:3"], _harness.Probe.With("explicit:s2:"));
    }

    [Fact]
    public async Task Event_that_keeps_failing_goes_to_the_dead_letter_table_and_later_events_still_arrive()
    {
        var producer = _harness.Grains.GetGrain<IStreamProducerGrain>("p");
        await producer.Publish("events", "orders", "poisoned", -1, 1);
        await producer.Publish("events", "orders", "poisoned", 1, 2);
        await _harness.Probe.WaitFor("got:poisoned:", 2);

        Assert.Equal(3, _harness.Probe.CountOf("poison:poisoned:"));
        await using var store = RuntimeStoreFactory.Create("check", _harness.Provider, _harness.ConnectionString);
        var deadLetters = await store.GetDeadLettersAsync("events", 10, CancellationToken.None);
        var deadLetter = Assert.Single(deadLetters);
        Assert.Equal(new StreamId("orders", "poisoned"), deadLetter.Stream);
        Assert.Equal(1, deadLetter.Sequence);
        Assert.Equal(3, deadLetter.Attempts);
        Assert.Contains("poison item -1", deadLetter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_stream_delivers_to_implicit_subscribers_in_order()
    {
        await _harness.Grains.GetGrain<IStreamProducerGrain>("p").Publish("memory", "mem", "m1", 1, 50);
        await _harness.Probe.WaitFor("mem:m1:", 50);

        var received = _harness.Probe.With("mem:m1:").Select(e => int.Parse(e.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 50), received);
    }

    [Fact]
    public async Task Stored_events_read_back_in_pages_after_a_sequence()
    {
        await _harness.Grains.GetGrain<IStreamProducerGrain>("p").Publish("events", "readback", "r1", 1, 7);
        var stream = _harness.Silo.Services.GetStreamProvider("events").GetStream<StreamItem>("readback", "r1");

        var first = await stream.ReadAsync(new StreamSequenceToken(0), 3);
        var rest = await stream.ReadAsync(first[^1].Token, 100);

        Assert.Equal([1L, 2L, 3L], first.Select(e => e.Token.SequenceNumber));
        Assert.Equal([4, 5, 6, 7], rest.Select(e => e.Item.N));
        Assert.Empty(await stream.ReadAsync(rest[^1].Token, 100));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stream.ReadAsync(new StreamSequenceToken(0), 0));
    }

    [Fact]
    public async Task Memory_stream_cannot_write_events_with_state_nor_read_them_back()
    {
        var provider = _harness.Silo.Services.GetStreamProvider("memory");
        Assert.False(provider.IsRewindable);
        Assert.Throws<NotSupportedException>(() => provider.GetStream<StreamItem>("mem", "x").Stage(new StreamItem(1)));
        await Assert.ThrowsAsync<NotSupportedException>(() => provider.GetStream<StreamItem>("mem", "x").ReadAsync(new StreamSequenceToken(0), 10));
    }
}
