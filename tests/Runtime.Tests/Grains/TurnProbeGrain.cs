namespace OrderGrains.Runtime.Tests.Grains;

/// <summary>Measures how many requests are in flight (started, not finished) and how many execute code at the same instant.</summary>
public class TurnProbeGrain : Grain, ITurnProbeGrain
{
    private int _inFlight;
    private int _maxInFlight;
    private int _executing;
    private int _maxExecuting;
    private int _calls;

    public Task Enter(TimeSpan hold) => Run(hold);

    public Task Read(TimeSpan hold) => Run(hold);

    public Task Interleave(TimeSpan hold) => Run(hold);

    public Task<ConcurrencyReport> Report() => Task.FromResult(new ConcurrencyReport(_maxInFlight, _maxExecuting, _calls));

    private async Task Run(TimeSpan hold)
    {
        _calls++;
        _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
        Busy();
        await Task.Delay(hold);
        Busy();
        _inFlight--;
    }

    /// <summary>A synchronous section: if two turns ever ran in parallel, two would be inside at once.</summary>
    private void Busy()
    {
        var now = Interlocked.Increment(ref _executing);
        InterlockedMax(ref _maxExecuting, now);
        Thread.SpinWait(2000);
        Interlocked.Decrement(ref _executing);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

[Reentrant]
public sealed class ReentrantProbeGrain : TurnProbeGrain, IReentrantProbeGrain;
