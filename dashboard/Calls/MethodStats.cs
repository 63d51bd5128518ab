using System.Diagnostics;

namespace OrderGrains.Dashboard.Calls;

/// <summary>Calls, exceptions and latencies of one grain method since the last <see cref="Drain"/>; lock-free.</summary>
internal sealed class MethodStats(string grainType, string method)
{
    private readonly long[] _buckets = new long[LatencyBuckets.Count];
    private long _calls;
    private long _exceptions;
    private long _elapsedTicks;

    public string GrainType { get; } = grainType;

    public string Method { get; } = method;

    public void Record(long elapsedTimestampTicks, bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed)
        {
            Interlocked.Increment(ref _exceptions);
        }

        Interlocked.Add(ref _elapsedTicks, elapsedTimestampTicks);
        Interlocked.Increment(ref _buckets[LatencyBuckets.IndexOf(elapsedTimestampTicks * 1000.0 / Stopwatch.Frequency)]);
    }

    /// <summary>What was recorded since the last drain, leaving the counters at zero.</summary>
    public MethodWindow Drain()
    {
        var buckets = new long[LatencyBuckets.Count];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Interlocked.Exchange(ref _buckets[i], 0);
        }

        return new MethodWindow(
            GrainType,
            Method,
            Interlocked.Exchange(ref _calls, 0),
            Interlocked.Exchange(ref _exceptions, 0),
            Interlocked.Exchange(ref _elapsedTicks, 0) * 1000.0 / Stopwatch.Frequency,
            buckets);
    }
}

/// <summary>One method's calls over a window.</summary>
internal sealed record MethodWindow(string GrainType, string Method, long Calls, long Exceptions, double TotalMs, long[] Buckets);
