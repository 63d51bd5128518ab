using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// A learned stage distribution (<c>promise-lane/{stage key}</c>): a transit lane, one of its coarser levels, or a
/// warehouse's pick and pack. Reentrant: outcomes recorded concurrently share one storage write.
/// </summary>
[GrainType("promise-lane")]
[Reentrant]
public sealed class LaneDistributionGrain(
    [PersistentState("lane")] IPersistentState<LaneDistributionState> state,
    PromiseCalculator calculator,
    ILogger<LaneDistributionGrain> logger) : Grain, ILaneDistributionGrain
{
    private StageDistribution? _snapshot;

    private LaneDistributionState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Refuse keys that are not stage keys before anything is stored under them.
        StageKey.Parse(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<StageDistribution> GetDistribution() => Task.FromResult(_snapshot ??= Snapshot());

    public async Task<StageDistribution> Record(IReadOnlyList<StageObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
        {
            return await GetDistribution();
        }

        foreach (var observation in observations)
        {
            if (observation is null || !double.IsFinite(observation.Hours) || observation.Hours < 0)
            {
                throw new DomainException("promise.invalid-observation", $"A stage time is a finite, non-negative number of hours (got {observation?.Hours}).");
            }
        }

        var histogram = new RecencyWeightedHistogram(Convolution.DefaultMaxHours, calculator.Options.HalfLife, State.Weights, State.DecayedTo);
        foreach (var observation in observations)
        {
            histogram.Record(observation.Hours, observation.At);
        }

        State.Weights = histogram.ToArray();
        State.Total = histogram.Total;
        State.DecayedTo = histogram.DecayedTo;
        State.Observations += observations.Count;
        State.Version++;
        _snapshot = null;
        state.WriteBehind();
        logger.Learned(GetPrimaryKeyString(), observations.Count, State.Total);
        return await GetDistribution();
    }

    private StageDistribution Snapshot() =>
        new(GetPrimaryKeyString(), [.. State.Weights], State.Total, State.Observations, State.Version, State.DecayedTo);
}
