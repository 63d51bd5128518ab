namespace OrderGrains.Grains.Promises;

/// <summary>What the policy does with an at-risk shipment.</summary>
public enum AtRiskPolicy
{
    /// <summary>Only record the at-risk event and its ranked options.</summary>
    RecordOnly,

    /// <summary>Apply the best option that brings P(on time) back above the threshold; otherwise tell the customer the new date.</summary>
    BestOption,

    /// <summary>Always tell the customer the new date (no operational change).</summary>
    NotifyOnly,
}

/// <summary>Settings of delivery promises (section <c>OrderGrains:Promises</c>); validated at start.</summary>
public sealed class PromiseOptions
{
    /// <summary>The defaults (a new instance each time, so callers cannot change the shared defaults).</summary>
    public static PromiseOptions Default => new();

    /// <summary>Confidence of the promised date.</summary>
    public double TargetConfidence { get; set; } = 0.90;

    /// <summary>Below this P(meet the committed date) a shipment is at risk.</summary>
    public double AtRiskThreshold { get; set; } = 0.85;

    /// <summary>What happens to an at-risk shipment.</summary>
    public AtRiskPolicy AtRiskPolicy { get; set; } = AtRiskPolicy.BestOption;

    /// <summary>Observations weigh half as much after this long.</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many observations the level above is worth when blended into a level (shrinkage strength).</summary>
    public double PriorStrength { get; set; } = 20;

    /// <summary>Observations a level needs before a promise says it rests on it.</summary>
    public double MinObservations { get; set; } = 30;

    /// <summary>Median pick and pack hours of the prior.</summary>
    public double PriorProcessingHours { get; set; } = 3;

    /// <summary>Warehouse shift (local time): work happens only inside it.</summary>
    public TimeOnly ShiftStart { get; set; } = new(8, 0);

    /// <summary>End of the warehouse shift (local time).</summary>
    public TimeOnly ShiftEnd { get; set; } = new(22, 0);

    /// <summary>Weekdays warehouses do not ship.</summary>
    public List<DayOfWeek> ClosedDays { get; set; } = [DayOfWeek.Sunday];

    /// <summary>Dates (warehouse local) warehouses do not ship.</summary>
    public List<DateOnly> Holidays { get; set; } =
    [
        // China 2026: Spring Festival and National Day (the peaks that matter most to delivery times).
        new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 2, 19), new(2026, 2, 20),
        new(2026, 10, 1), new(2026, 10, 2), new(2026, 10, 3),
    ];

    /// <summary>How long a learned distribution read from its grain is reused.</summary>
    public TimeSpan DistributionCacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Composed promises kept per silo (per warehouse, lane, hour and load).</summary>
    public int CacheEntries { get; set; } = 50_000;

    /// <summary>How often a promise watch looks at its warehouse.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A backlog growth (in hours of queued work) that makes the watch re-evaluate its orders' promises.</summary>
    public double BacklogJumpHours { get; set; } = 4;

    /// <summary>Throws if a setting is out of range (called at silo start).</summary>
    public PromiseOptions Validate()
    {
        Check(TargetConfidence is > 0.5 and < 1, $"{nameof(TargetConfidence)} must be in (0.5, 1), got {TargetConfidence}.");
        Check(AtRiskThreshold is > 0 and < 1, $"{nameof(AtRiskThreshold)} must be in (0, 1), got {AtRiskThreshold}.");
        Check(Enum.IsDefined(AtRiskPolicy), $"Unknown {nameof(AtRiskPolicy)} {AtRiskPolicy}.");
        Check(HalfLife > TimeSpan.Zero, $"{nameof(HalfLife)} must be positive.");
        Check(PriorStrength > 0 && double.IsFinite(PriorStrength), $"{nameof(PriorStrength)} must be positive.");
        Check(MinObservations >= 1, $"{nameof(MinObservations)} must be at least 1.");
        Check(PriorProcessingHours is > 0 and < 24 * 7, $"{nameof(PriorProcessingHours)} must be in (0, 168).");
        Check(ShiftEnd > ShiftStart, $"{nameof(ShiftEnd)} must be after {nameof(ShiftStart)}.");
        Check(ClosedDays.Distinct().Count() < 7, "Warehouses need at least one working weekday.");
        Check(DistributionCacheFor >= TimeSpan.Zero, $"{nameof(DistributionCacheFor)} must not be negative.");
        Check(CacheEntries >= 16, $"{nameof(CacheEntries)} must be at least 16.");
        Check(WatchInterval >= TimeSpan.FromSeconds(1), $"{nameof(WatchInterval)} must be at least a second.");
        Check(BacklogJumpHours > 0, $"{nameof(BacklogJumpHours)} must be positive.");
        return this;
    }

    /// <summary>The confidence to use for a request (the default when null); refuses nonsense.</summary>
    public double ConfidenceOr(double? requested) => requested switch
    {
        null => TargetConfidence,
        > 0 and < 1 => requested.Value,
        _ => throw new DomainException("promise.invalid-confidence", $"A confidence is a probability in (0, 1), got {requested}."),
    };

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Invalid OrderGrains:Promises options: {message}");
        }
    }
}
