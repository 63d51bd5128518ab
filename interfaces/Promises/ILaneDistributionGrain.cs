namespace OrderGrains.Interfaces.Promises;

/// <summary>One observed duration of a stage (hours), and when it ended.</summary>
public sealed record StageObservation(double Hours, DateTimeOffset At);

/// <summary>
/// A learned stage distribution: recency-weighted counts on an hourly grid (the last bin holds everything beyond
/// it). Weights were decayed to <paramref name="DecayedTo"/>; a reader decays them further to its own time.
/// </summary>
/// <param name="Key">The stage key.</param>
/// <param name="Weights">Recency-weighted observations per hour bin.</param>
/// <param name="EffectiveObservations">Sum of <paramref name="Weights"/>.</param>
/// <param name="Observations">Observations ever recorded.</param>
/// <param name="Version">Grows with every recorded observation (cache key).</param>
/// <param name="DecayedTo">Time the weights are valid at.</param>
public sealed record StageDistribution(
    string Key,
    IReadOnlyList<double> Weights,
    double EffectiveObservations,
    long Observations,
    long Version,
    DateTimeOffset DecayedTo);

/// <summary>
/// A learned stage-time distribution (<c>promise-lane/{stage key}</c>): a transit lane (origin warehouse →
/// destination region, carrier, service), its coarser levels (region + carrier, carrier), or a warehouse's pick and pack.
/// Learns online from delivered shipments, older outcomes weighing less.
/// </summary>
public interface ILaneDistributionGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<StageDistribution> GetDistribution();

    /// <summary>Adds outcomes (idempotency is the caller's: an order records each shipment once).</summary>
    Task<StageDistribution> Record(IReadOnlyList<StageObservation> observations);
}
