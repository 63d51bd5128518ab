using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Hierarchical fallback as shrinkage: starting from the prior, each level from the coarsest to the most specific
/// is blended as (its weights + k × the level above) / (its observations + k). A lane with hundreds of outcomes is
/// its own data; an unseen lane is its region and carrier's; an unseen carrier is the prior. The promise reports the
/// most specific level with at least <c>minObservations</c>.
/// </summary>
public static class HierarchicalBlend
{
    /// <summary>One level's learned weights, already decayed to the promise's time.</summary>
    public readonly record struct Level(FallbackLevel Kind, IReadOnlyList<double> Weights, double Observations);

    /// <summary>Blends <paramref name="levels"/> (most specific first) over <paramref name="prior"/>.</summary>
    public static (HourDistribution Distribution, FallbackLevel RestsOn, double Observations) Blend(
        HourDistribution prior, IReadOnlyList<Level> levels, double priorStrength, double minObservations, int maxHours = Convolution.DefaultMaxHours)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(levels);
        var current = prior;
        var restsOn = FallbackLevel.Prior;
        var observations = 0.0;
        var combined = new double[maxHours + 1];
        for (var l = levels.Count - 1; l >= 0; l--)
        {
            var level = levels[l];
            if (level.Observations <= 0)
            {
                continue;
            }

            Array.Clear(combined);
            var parent = current.Mass;
            for (var i = 0; i < parent.Length && i < combined.Length; i++)
            {
                combined[i] = priorStrength * parent[i];
            }

            var overflow = priorStrength * current.Overflow;
            var scale = level.Observations / Sum(level.Weights);
            for (var i = 0; i < level.Weights.Count; i++)
            {
                if (i < combined.Length - 1)
                {
                    combined[i] += level.Weights[i] * scale;
                }
                else
                {
                    // The learner's last bin holds everything at or beyond the grid's end.
                    overflow += level.Weights[i] * scale;
                }
            }

            current = HourDistribution.FromWeights(combined, overflow);
            // Coarse to fine: the last level with enough data is the most specific one.
            if (level.Observations >= minObservations)
            {
                restsOn = level.Kind;
                observations = level.Observations;
            }
        }

        return (current, restsOn, observations);
    }

    private static double Sum(IReadOnlyList<double> weights)
    {
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
        }

        return sum <= 0 ? 1 : sum;
    }
}
