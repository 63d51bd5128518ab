namespace OrderGrains.Dashboard.Calls;

/// <summary>
/// Exponential latency buckets (5 µs growing by 20% each, up to about a minute): a recorded latency is one increment,
/// and a percentile is read back within 20% of the true value.
/// </summary>
internal static class LatencyBuckets
{
    private const double FirstMs = 0.005;
    private const double Growth = 1.2;
    private static readonly double s_logGrowth = Math.Log(Growth);

    /// <summary>Number of buckets.</summary>
    public const int Count = 92;

    /// <summary>The bucket of <paramref name="milliseconds"/>: the first whose upper bound is at least it.</summary>
    public static int IndexOf(double milliseconds) =>
        milliseconds <= FirstMs ? 0 : Math.Min(Count - 1, (int)Math.Ceiling(Math.Log(milliseconds / FirstMs) / s_logGrowth));

    /// <summary>Upper bound of bucket <paramref name="index"/> in milliseconds.</summary>
    public static double UpperBound(int index) => FirstMs * Math.Pow(Growth, index);

    /// <summary>The latency below which <paramref name="quantile"/> of the counted calls fell (0 when none).</summary>
    public static double Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperBound(i);
            }
        }

        return UpperBound(counts.Length - 1);
    }
}
