using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Runtime;

public sealed class TurnTests : IAsyncLifetime
{
    private SiloHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SiloHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Non_reentrant_grain_runs_one_request_at_a_time_under_100_concurrent_callers()
    {
        var grain = _harness.Grains.GetGrain<ITurnProbeGrain>("serial");
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => grain.Enter(TimeSpan.FromMilliseconds(1)))));

        var report = await grain.Report();
        Assert.Equal(100, report.Calls);
        Assert.Equal(1, report.MaxInFlight);
        Assert.Equal(1, report.MaxExecutingAtOnce);
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_requests_but_never_runs_two_turns_in_parallel()
    {
        var grain = _harness.Grains.GetGrain<IReentrantProbeGrain>("interleaved");
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => grain.Enter(TimeSpan.FromMilliseconds(20)))));

        var report = await grain.Report();
        Assert.Equal(100, report.Calls);
        Assert.True(report.MaxInFlight > 1, $"expected interleaving, max in flight {report.MaxInFlight}");
        Assert.Equal(1, report.MaxExecutingAtOnce);
    }

    [Fact]
    public async Task Read_only_requests_interleave_with_each_other()
    {
        var grain = _harness.Grains.GetGrain<ITurnProbeGrain>("reads");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.Read(TimeSpan.FromMilliseconds(50))));

        var report = await grain.Report();
        Assert.True(report.MaxInFlight > 1, $"read-only requests should interleave, max in flight {report.MaxInFlight}");
        Assert.Equal(1, report.MaxExecutingAtOnce);
    }

    [Fact]
    public async Task Read_only_request_waits_for_a_running_write_request()
    {
        var grain = _harness.Grains.GetGrain<ITurnProbeGrain>("read-after-write");
        var write = grain.Enter(TimeSpan.FromMilliseconds(200));
        var read = grain.Read(TimeSpan.Zero);
        await Task.WhenAll(write, read);

        Assert.Equal(1, (await grain.Report()).MaxInFlight);
    }

    [Fact]
    public async Task Always_interleave_request_runs_while_a_normal_request_is_awaiting()
    {
        var grain = _harness.Grains.GetGrain<ITurnProbeGrain>("urgent");
        var slow = grain.Enter(TimeSpan.FromSeconds(2));
        await grain.Interleave(TimeSpan.Zero);

        Assert.False(slow.IsCompleted);
        await slow;
        Assert.Equal(2, (await grain.Report()).MaxInFlight);
    }

    [Fact]
    public async Task Call_chain_A_to_B_back_to_A_completes_instead_of_deadlocking()
    {
        var result = await _harness.Grains.GetGrain<IChainGrain>("A").StartChain("B");
        Assert.Equal("B<-A:back", result);
    }

    [Fact]
    public async Task Call_from_an_unrelated_caller_still_waits_while_a_chain_is_in_progress()
    {
        var a = _harness.Grains.GetGrain<IChainGrain>("A2");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? a.StartChain($"B{i}") : a.Echo("x")));
    }
}
