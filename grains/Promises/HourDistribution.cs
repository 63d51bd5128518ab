namespace OrderGrains.Grains.Promises;

/// <summary>
/// The distribution of a duration on a one-hour grid: <c>Mass[i]</c> is P(the duration, rounded up to whole hours,
/// is i); <see cref="Overflow"/> is P(longer than the grid). Immutable; the cumulative sums are precomputed so
/// P(within h) and quantiles cost one lookup or one binary search.
/// </summary>
public sealed class HourDistribution
{
    private readonly double[] _mass;
    private readonly double[] _cumulative;

    private HourDistribution(double[] mass, double overflow)
    {
        _mass = mass;
        Overflow = overflow;
        _cumulative = new double[mass.Length];
        var sum = 0.0;
        for (var i = 0; i < mass.Length; i++)
        {
            sum += mass[i];
            _cumulative[i] = Math.Min(1, sum);
        }
    }

    /// <summary>Bins on the grid (the last one is the last hour with mass).</summary>
    public int Length => _mass.Length;

    /// <summary>P(longer than the grid).</summary>
    public double Overflow { get; }

    /// <summary>P(exactly <paramref name="hour"/> hours, rounded up).</summary>
    public double this[int hour] => hour >= 0 && hour < _mass.Length ? _mass[hour] : 0;

    public ReadOnlySpan<double> Mass => _mass;

    /// <summary>P(within h hours) for h = 0, 1, ...</summary>
    public ReadOnlySpan<double> Cumulative => _cumulative;

    /// <summary>All mass at one value.</summary>
    public static HourDistribution Point(int hours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        var mass = new double[hours + 1];
        mass[hours] = 1;
        return new HourDistribution(mass, 0);
    }

    /// <summary>Normalizes non-negative weights (and an overflow weight) into a distribution; trailing zero bins are dropped.</summary>
    public static HourDistribution FromWeights(ReadOnlySpan<double> weights, double overflowWeight = 0)
    {
        var total = Math.Max(0, overflowWeight);
        var last = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0 || !double.IsFinite(weights[i]))
            {
                throw new ArgumentException($"Weight {i} is {weights[i]}; weights must be finite and non-negative.", nameof(weights));
            }

            total += weights[i];
            if (weights[i] > 0)
            {
                last = i;
            }
        }

        if (total <= 0)
        {
            throw new ArgumentException("A distribution needs some positive weight.", nameof(weights));
        }

        var mass = new double[last + 1];
        for (var i = 0; i <= last; i++)
        {
            mass[i] = weights[i] / total;
        }

        return new HourDistribution(mass, Math.Max(0, overflowWeight) / total);
    }

    /// <summary>The grid bin of a duration: whole hours, rounded up (a 2.1 h transit counts as 3 h: promises err late, not early).</summary>
    public static int BinOf(double hours) => hours <= 0 ? 0 : (int)Math.Min(int.MaxValue - 1, Math.Ceiling(hours - 1e-9));

    /// <summary>P(done within <paramref name="hours"/>).</summary>
    public double ProbabilityWithin(double hours)
    {
        if (hours < 0 || _cumulative.Length == 0)
        {
            return 0;
        }

        var index = hours >= _cumulative.Length - 1 ? _cumulative.Length - 1 : (int)Math.Floor(hours);
        return _cumulative[index];
    }

    /// <summary>The smallest whole number of hours h with P(within h) ≥ <paramref name="probability"/>; null if only the overflow reaches it.</summary>
    public int? Quantile(double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1);
        var target = probability - 1e-12;
        var lo = 0;
        var hi = _cumulative.Length - 1;
        if (hi < 0 || _cumulative[hi] < target)
        {
            return null;
        }

        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>Mean hours on the grid (the overflow counted at the end of the grid).</summary>
    public double Mean()
    {
        var sum = 0.0;
        for (var i = 0; i < _mass.Length; i++)
        {
            sum += i * _mass[i];
        }

        return sum + (Overflow * _mass.Length);
    }

    /// <summary>Builds from already normalized mass (internal use by the algorithms, which preserve the total).</summary>
    internal static HourDistribution FromNormalized(double[] mass, double overflow)
    {
        var last = mass.Length - 1;
        while (last >= 0 && mass[last] == 0)
        {
            last--;
        }

        return new HourDistribution(last == mass.Length - 1 ? mass : mass[..(last + 1)], overflow);
    }
}
