namespace OrderGrains.Grains.Promises;

/// <summary>
/// The distribution of the sum of independent durations: exact discrete convolution on the hour grid. Sums that
/// fall beyond <c>maxHours</c>, and anything involving an overflow, go to the overflow, so the total stays 1.
/// </summary>
public static class Convolution
{
    /// <summary>The grid every promise is composed on: four weeks of hours.</summary>
    public const int DefaultMaxHours = 24 * 28;

    public static HourDistribution Convolve(HourDistribution a, HourDistribution b, int maxHours = DefaultMaxHours)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHours);
        var length = Math.Min(maxHours + 1, a.Length + b.Length - 1);
        var mass = new double[Math.Max(length, 0)];
        var am = a.Mass;
        var bm = b.Mass;
        var inGrid = 0.0;
        for (var i = 0; i < am.Length && i < mass.Length; i++)
        {
            var p = am[i];
            if (p == 0)
            {
                continue;
            }

            // Stage distributions are sparse (hand-over happens at cut-offs only): skip empty rows, vectorizable inner loop.
            var span = Math.Min(bm.Length, mass.Length - i);
            var row = mass.AsSpan(i, span);
            for (var j = 0; j < span; j++)
            {
                row[j] += p * bm[j];
            }
        }

        for (var k = 0; k < mass.Length; k++)
        {
            inGrid += mass[k];
        }

        // Everything else: pairs beyond the grid, and either overflow. Computed as the remainder to keep the total exact.
        var overflow = Math.Max(0, 1 - inGrid);
        return HourDistribution.FromNormalized(mass, overflow);
    }

    /// <summary>Moves each bin's mass to the bin <paramref name="map"/> gives it; bins are visited in increasing order.</summary>
    public static HourDistribution PushForward(HourDistribution source, Func<int, int> map, int maxHours = DefaultMaxHours)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        var mass = new double[maxHours + 1];
        var overflow = source.Overflow;
        var m = source.Mass;
        for (var i = 0; i < m.Length; i++)
        {
            if (m[i] == 0)
            {
                continue;
            }

            var target = map(i);
            if (target < 0 || target > maxHours)
            {
                overflow += m[i];
            }
            else
            {
                mass[target] += m[i];
            }
        }

        return HourDistribution.FromNormalized(mass, overflow);
    }
}
