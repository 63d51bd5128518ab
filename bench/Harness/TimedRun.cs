using System.Diagnostics;

namespace OrderGrains.Bench.Harness;

/// <summary>
/// Warm-up then measurement phases shared by worker loops: loops check <see cref="Measuring"/> to decide whether to
/// count, and <see cref="Stopping"/> to end.
/// </summary>
public sealed class TimedRun
{
    private volatile int _phase; // 0 warm-up, 1 measuring, 2 stopping

    public bool Measuring => _phase == 1;

    public bool Stopping => _phase == 2;

    /// <summary>Measured wall time.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Total allocated bytes during the measured window (all threads).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>Runs the phases while <paramref name="workers"/> (already started) loop; awaits them after stopping.</summary>
    public async Task RunAsync(TimeSpan warmup, TimeSpan measure, IReadOnlyList<Task> workers)
    {
        if (warmup > TimeSpan.Zero)
        {
            await Task.Delay(warmup);
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        _phase = 1;
        await Task.Delay(measure);
        _phase = 2;
        Elapsed = Stopwatch.GetElapsedTime(start);
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await Task.WhenAll(workers);
    }
}
