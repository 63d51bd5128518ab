using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Runtime;

public sealed class CallTests : IAsyncLifetime
{
    private SiloHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SiloHarness.StartAsync(silo => silo.Configure(o => o.DefaultResponseTimeout = TimeSpan.FromSeconds(10)));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Call_returns_the_grains_result()
    {
        Assert.Equal(42, await _harness.Grains.GetGrain<IPingGrain>("a").Ping(41));
    }

    [Fact]
    public void GetGrain_creates_a_reference_without_activating_anything()
    {
        var before = _harness.Silo.Silo.ActivationCount;
        var grain = _harness.Grains.GetGrain<IPingGrain>("never-called");
        Assert.Equal("ping/never-called", grain.GetGrainId().ToString());
        Assert.Equal(before, _harness.Silo.Silo.ActivationCount);
    }

    [Fact]
    public async Task Exception_thrown_in_a_grain_reaches_the_caller_with_its_type_and_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _harness.Grains.GetGrain<IPingGrain>("a").Fail("out of stock"));
        Assert.Equal("out of stock", error.Message);

        // The activation survives a failed request.
        Assert.Equal(2, await _harness.Grains.GetGrain<IPingGrain>("a").Ping(1));
    }

    [Fact]
    public async Task Call_past_its_method_deadline_fails_with_a_timeout_exception()
    {
        var grain = _harness.Grains.GetGrain<IPingGrain>("slow");
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitWithShortDeadline(TimeSpan.FromSeconds(2)));
        Assert.Equal(grain.GetGrainId(), error.GrainId);
        Assert.Contains("IPingGrain.WaitWithShortDeadline", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(0.3), error.Timeout);
    }

    [Fact]
    public async Task Request_waiting_behind_a_slow_one_times_out_and_never_runs()
    {
        await using var harness = await SiloHarness.StartAsync(silo => silo.Configure(o => o.DefaultResponseTimeout = TimeSpan.FromMilliseconds(300)));
        var grain = harness.Grains.GetGrain<ITurnProbeGrain>("busy");
        var before = await ReportEventually(grain);
        var slow = grain.Enter(TimeSpan.FromSeconds(1));
        var queued = grain.Enter(TimeSpan.Zero);

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => slow);

        // The slow request keeps running after its caller gave up; Report queues behind it until it ends.
        var report = await ReportEventually(grain);
        Assert.Equal(before.Calls + 1, report.Calls);
    }

    private static async Task<ConcurrencyReport> ReportEventually(ITurnProbeGrain grain)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await grain.Report();
            }
            catch (GrainCallTimeoutException) when (attempt < 20)
            {
            }
        }
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_call_and_the_grains_token()
    {
        using var cancellation = new CancellationTokenSource();
        var call = _harness.Grains.GetGrain<IPingGrain>("cancel").Wait(TimeSpan.FromMinutes(5), cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(2, await _harness.Grains.GetGrain<IPingGrain>("cancel").Ping(1));
    }

    [Fact]
    public async Task Grain_can_call_another_grain()
    {
        Assert.Equal("x->y:8", await _harness.Grains.GetGrain<IPingGrain>("x").CallOther("y", 7));
    }

    [Fact]
    public void Reference_to_an_interface_without_a_grain_class_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _harness.Grains.GetGrain<IOrphanGrain>("k"));
        Assert.Contains(nameof(IOrphanGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task References_are_equal_by_grain_id()
    {
        var a = _harness.Grains.GetGrain<IPingGrain>("same");
        var b = _harness.Grains.GetGrain<IPingGrain>("same");
        Assert.Equal(a, b);
        Assert.Equal(await a.GetActivationId(), await b.GetActivationId());
    }
}

public interface IOrphanGrain : IGrainWithStringKey
{
    Task Nothing();
}
