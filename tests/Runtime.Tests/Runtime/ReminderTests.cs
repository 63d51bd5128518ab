using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Runtime;

public sealed class ReminderTests
{
    [Fact]
    public async Task Reminder_fires_repeatedly_and_again_after_a_restart()
    {
        await using var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IReminderProbeGrain>("r");
        await grain.Register("ping", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        await harness.Probe.WaitFor("reminder:r:ping", 2);

        await harness.RestartAsync();
        var before = harness.Probe.CountOf("reminder:r:ping");
        await harness.Probe.WaitFor("reminder:r:ping", before + 2);
        Assert.Equal(["ping"], await harness.Grains.GetGrain<IReminderProbeGrain>("r").List());
    }

    [Fact]
    public async Task Unregistered_reminder_stops_and_is_gone_after_a_restart()
    {
        await using var harness = await SiloHarness.StartAsync();
        var grain = harness.Grains.GetGrain<IReminderProbeGrain>("u");
        await grain.Register("once", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));
        await harness.Probe.WaitFor("reminder:u:once");
        await grain.Unregister("once");

        await harness.RestartAsync();
        Assert.Empty(await harness.Grains.GetGrain<IReminderProbeGrain>("u").List());
    }

    [Fact]
    public async Task Reminder_period_below_the_minimum_is_refused()
    {
        await using var harness = await SiloHarness.StartAsync();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => harness.Grains.GetGrain<IReminderProbeGrain>("fast").Register("too-fast", TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));
        Assert.Contains("MinimumPeriod", error.Message, StringComparison.Ordinal);
    }
}
