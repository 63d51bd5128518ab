namespace OrderGrains.Grains.Promises;

/// <summary>
/// Online learning of a stage-time histogram with recency weighting: every weight decays by half each
/// <c>halfLife</c>, so a carrier that got slower (peak season, a new hub) dominates its lane within weeks, while a
/// quiet lane keeps what it learned. Decay is uniform, so it changes how much the data weighs against the prior,
/// never the shape of what was learned.
/// </summary>
public sealed class RecencyWeightedHistogram
{
    private readonly double[] _weights;

    public RecencyWeightedHistogram(int maxHours, TimeSpan halfLife, double[]? weights = null, DateTimeOffset decayedTo = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHours);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        HalfLife = halfLife;
        _weights = new double[maxHours + 1];
        if (weights is not null)
        {
            Array.Copy(weights, _weights, Math.Min(weights.Length, _weights.Length));
            for (var i = _weights.Length; i < weights.Length; i++)
            {
                _weights[^1] += weights[i];
            }
        }

        DecayedTo = decayedTo;
    }

    public TimeSpan HalfLife { get; }

    /// <summary>The time the weights are valid at.</summary>
    public DateTimeOffset DecayedTo { get; private set; }

    /// <summary>Weights per hour bin; the last bin also holds longer durations.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    public double Total { get; private set; }

    /// <summary>The factor weights lose between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static double DecayFactor(DateTimeOffset from, DateTimeOffset to, TimeSpan halfLife) =>
        to <= from || from == default ? 1 : Math.Pow(0.5, (to - from) / halfLife);

    /// <summary>Adds one outcome that ended at <paramref name="at"/> (outcomes arriving out of order weigh as of their own time).</summary>
    public void Record(double hours, DateTimeOffset at)
    {
        if (!double.IsFinite(hours) || hours < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "A stage time is a finite, non-negative number of hours.");
        }

        var weight = 1.0;
        if (at > DecayedTo)
        {
            var factor = DecayFactor(DecayedTo, at, HalfLife);
            if (factor < 1)
            {
                for (var i = 0; i < _weights.Length; i++)
                {
                    _weights[i] *= factor;
                }
            }

            DecayedTo = at;
        }
        else
        {
            weight = DecayFactor(at, DecayedTo, HalfLife);
        }

        _weights[Math.Min(HourDistribution.BinOf(hours), _weights.Length - 1)] += weight;
        var total = 0.0;
        foreach (var w in _weights)
        {
            total += w;
        }

        Total = total;
    }

    public double[] ToArray() => (double[])_weights.Clone();
}
