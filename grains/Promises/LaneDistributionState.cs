namespace OrderGrains.Grains.Promises;

/// <summary>Stored state of a learned stage distribution.</summary>
public sealed class LaneDistributionState
{
    /// <summary>Recency-weighted observations per hour bin (the last bin holds longer ones).</summary>
    public double[] Weights { get; set; } = [];

    public double Total { get; set; }

    public long Observations { get; set; }

    public long Version { get; set; }

    public DateTimeOffset DecayedTo { get; set; }
}
