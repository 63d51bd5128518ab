using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Runtime;

public sealed class LifecycleTests
{
    [Fact]
    public async Task OnActivateAsync_runs_once_before_the_first_request()
    {
        await using var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<ILifecycleGrain>("g");
        var id = await grain.Touch();
        Assert.Equal(id, await grain.Touch());

        Assert.Equal([$"activate:g:{id}"], harness.Probe.With("activate:g"));
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_and_the_next_call_creates_a_new_activation()
    {
        await using var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<ILifecycleGrain>("d");
        var first = await grain.Touch();
        await grain.DeactivateSoon();
        await harness.Probe.WaitFor("deactivate:d");

        var second = await grain.Touch();
        Assert.NotEqual(first, second);
        Assert.Contains("deactivate:d:ApplicationRequested", harness.Probe.Events);
        Assert.Equal(2, harness.Probe.CountOf("activate:d"));
    }

    [Fact]
    public async Task Calls_arriving_during_deactivation_go_to_the_next_activation()
    {
        await using var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<ILifecycleGrain>("busy");
        await grain.Touch();
        var deactivate = grain.DeactivateSoon();
        var calls = Enumerable.Range(0, 50).Select(_ => grain.Touch()).ToList();
        await deactivate;

        var ids = await Task.WhenAll(calls);
        Assert.All(ids, id => Assert.True(id > 0));
    }

    [Fact]
    public async Task Idle_activation_is_collected_after_its_collection_age()
    {
        var time = new FakeTimeProvider();
        await using var harness = await SiloHarness.StartAsync(
            silo => silo.Configure(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(2);
                o.CollectionQuantum = TimeSpan.FromSeconds(30);
            }),
            services => services.AddSingleton<TimeProvider>(time));
        var idle = harness.Grains.GetGrain<ILifecycleGrain>("idle");
        var active = harness.Grains.GetGrain<ILifecycleGrain>("active");
        await idle.Touch();
        await active.Touch();

        time.Advance(TimeSpan.FromMinutes(1));
        await active.Touch();
        time.Advance(TimeSpan.FromSeconds(90));
        await harness.Probe.WaitFor("deactivate:idle");

        Assert.Contains("deactivate:idle:IdleCollection", harness.Probe.Events);
        Assert.DoesNotContain(harness.Probe.Events, e => e.StartsWith("deactivate:active", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collection_age_can_be_set_per_grain_type()
    {
        var time = new FakeTimeProvider();
        await using var harness = await SiloHarness.StartAsync(
            silo => silo.Configure(o =>
            {
                o.CollectionAge = TimeSpan.FromHours(1);
                o.CollectionQuantum = TimeSpan.FromSeconds(10);
                o.CollectionAgeByGrainType["lifecycle"] = TimeSpan.FromSeconds(30);
            }),
            services => services.AddSingleton<TimeProvider>(time));
        await harness.Grains.GetGrain<ILifecycleGrain>("short").Touch();
        await harness.Grains.GetGrain<IPingGrain>("long").Ping(1);

        time.Advance(TimeSpan.FromSeconds(50));
        await harness.Probe.WaitFor("deactivate:short");
        Assert.Equal(1, harness.Silo.Silo.ActivationCount);
    }

    [Fact]
    public async Task Failed_activation_fails_the_call_and_the_next_call_tries_again()
    {
        await using var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IFailingActivationGrain>("bad");

        var first = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Call());
        Assert.Contains("refusing to activate bad", first.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<GrainActivationException>(() => grain.Call());
        Assert.Equal(0, harness.Silo.Silo.ActivationCount);
    }

    [Fact]
    public async Task Graceful_shutdown_deactivates_every_activation()
    {
        var harness = await SiloHarness.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => harness.Grains.GetGrain<ILifecycleGrain>($"s{i}").Touch()));
        await harness.Silo.StopAsync();

        Assert.Equal(20, harness.Probe.Events.Count(e => e.EndsWith(":ShuttingDown", StringComparison.Ordinal)));
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Shutdown_that_runs_out_of_time_still_stops_the_silo()
    {
        var harness = await SiloHarness.StartAsync();

        // Activated first: a call still activating when shutdown begins is refused instead of running into it.
        var stuckGrain = harness.Grains.GetGrain<IPingGrain>("stuck");
        await stuckGrain.Ping(0);
        var stuck = stuckGrain.Wait(TimeSpan.FromSeconds(5), CancellationToken.None);
        await harness.Grains.GetGrain<ILifecycleGrain>("other").Touch();

        var silo = harness.Silo.Silo;
        using var shortShutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await harness.Silo.StopAsync(shortShutdown.Token);

        Assert.False(silo.IsRunning);
        Assert.Contains("deactivate:other:ShuttingDown", harness.Probe.Events);
        await stuck;
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Calls_after_shutdown_are_refused_with_a_clear_error()
    {
        var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IPingGrain>("late");
        await harness.Silo.StopAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(async () => await grain.Ping(1));
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_of_the_activation()
    {
        var time = new FakeTimeProvider();
        await using var harness = await SiloHarness.StartAsync(services: services => services.AddSingleton<TimeProvider>(time));
        var grain = harness.Grains.GetGrain<ILifecycleGrain>("timer");
        await grain.StartTimer(TimeSpan.FromSeconds(1), interleave: false);

        for (var i = 1; i <= 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await harness.Probe.WaitFor("tick:timer", i);

            // A request queues behind the tick's turn; once it answers, the tick has finished and re-armed the timer.
            Assert.Equal(i, await grain.TimerTicks());
        }
    }

    [Fact]
    public async Task Timer_tick_due_during_deactivation_ends_with_the_activation_instead_of_activating_a_new_one()
    {
        var time = new FakeTimeProvider();
        await using var harness = await SiloHarness.StartAsync(services: services => services.AddSingleton<TimeProvider>(time));
        var grain = harness.Grains.GetGrain<ILifecycleGrain>("tick-then-leave");
        await grain.StartTimer(TimeSpan.FromSeconds(1), interleave: false);

        // The activation is busy and going away when the tick comes due: the tick waits, then must end with it.
        var leaving = grain.DeactivateAfter(TimeSpan.FromMilliseconds(300));
        time.Advance(TimeSpan.FromSeconds(1));
        await leaving;
        await harness.Probe.WaitFor("deactivate:tick-then-leave");
        await harness.Silo.StopAsync();

        Assert.Equal(1, harness.Probe.CountOf("activate:tick-then-leave"));
        Assert.Equal(0, harness.Probe.CountOf("tick:tick-then-leave"));
    }

    [Fact]
    public async Task Stateless_worker_spreads_concurrent_requests_over_local_activations_up_to_its_limit()
    {
        await using var harness = await SiloHarness.StartAsync();
        var worker = harness.Grains.GetGrain<IWorkerGrain>("w");
        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => worker.Work(TimeSpan.FromMilliseconds(50))));

        var distinct = ids.Distinct().Count();
        Assert.InRange(distinct, 2, 4);
    }
}
