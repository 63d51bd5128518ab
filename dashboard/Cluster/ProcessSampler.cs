using System.Diagnostics;

namespace OrderGrains.Dashboard.Cluster;

/// <summary>
/// CPU and memory of this process. CPU is the process's CPU time used since the previous sample divided by the wall
/// time between them and by the number of cores, so 100% means every core busy (not one core, not the machine).
/// </summary>
internal sealed class ProcessSampler
{
    private readonly Lock _lock = new();
    private TimeSpan _lastCpu;
    private long _lastAt;
    private double _lastPercent;

    public ProcessSampler()
    {
        using var process = Process.GetCurrentProcess();
        _lastCpu = process.TotalProcessorTime;
        _lastAt = Stopwatch.GetTimestamp();
    }

    /// <summary>CPU percent of all cores since the previous sample, working set and managed heap size in bytes.</summary>
    public (double CpuPercent, long WorkingSetBytes, long GcHeapBytes) Sample()
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var now = Stopwatch.GetTimestamp();
        double percent;
        lock (_lock)
        {
            var wall = Stopwatch.GetElapsedTime(_lastAt, now);
            // Samples closer than 100 ms apart (two dashboards asking at once) repeat the last figure rather than divide noise.
            if (wall < TimeSpan.FromMilliseconds(100))
            {
                percent = _lastPercent;
            }
            else
            {
                percent = Percent(cpu - _lastCpu, wall, Environment.ProcessorCount);
                (_lastCpu, _lastAt, _lastPercent) = (cpu, now, percent);
            }
        }

        return (percent, process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    /// <summary>CPU time over wall time over cores, as a percentage clamped to 0-100.</summary>
    public static double Percent(TimeSpan cpuTime, TimeSpan wallTime, int cores) =>
        wallTime <= TimeSpan.Zero || cores <= 0 ? 0 : Math.Clamp(cpuTime / wallTime / cores * 100, 0, 100);
}
