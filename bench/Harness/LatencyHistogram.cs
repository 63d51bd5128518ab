using System.Diagnostics;
using System.Numerics;

namespace OrderGrains.Bench.Harness;

/// <summary>
/// Log-linear histogram of <see cref="Stopwatch"/> tick deltas: 32 sub-buckets per power of two (about 3% error).
/// One per caller (no sharing); merged at the end. Recording is an array increment, no allocation.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 5;
    private const int SubBuckets = 1 << SubBits;
    private readonly long[] _counts = new long[(64 - SubBits + 1) * SubBuckets];

    private double _sumTicks;

    public long Count { get; private set; }

    /// <summary>Mean latency in microseconds, or NaN if empty.</summary>
    public double MeanMicros => Count == 0 ? double.NaN : _sumTicks / Count * 1_000_000.0 / Stopwatch.Frequency;

    public void Record(long ticks)
    {
        _counts[Index(Math.Max(ticks, 0))]++;
        _sumTicks += ticks;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sumTicks += other._sumTicks;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in microseconds (bucket midpoint), or NaN if empty.</summary>
    public double PercentileMicros(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(q * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, high) = Bounds(i);
                return (low + high) / 2.0 * 1_000_000.0 / Stopwatch.Frequency;
            }
        }

        return double.NaN;
    }

    private static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = msb - SubBits;
        return ((shift + 1) * SubBuckets) + (int)((value >> shift) & (SubBuckets - 1));
    }

    private static (double Low, double High) Bounds(int index)
    {
        if (index < SubBuckets)
        {
            return (index, index + 1);
        }

        var shift = (index / SubBuckets) - 1;
        var sub = index % SubBuckets;
        var low = (double)(SubBuckets + sub) * Math.Pow(2, shift);
        return (low, low + Math.Pow(2, shift));
    }
}
