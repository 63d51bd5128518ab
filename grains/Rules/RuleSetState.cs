using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>Stored state of <see cref="RuleSetGrain"/>.</summary>
public sealed class RuleSetState
{
    public List<StoredRuleVersion> Versions { get; set; } = [];

    /// <summary>Activations, oldest first.</summary>
    public List<StoredActivation> Activations { get; set; } = [];

    public List<RuleSetHistoryEntry> History { get; set; } = [];

    public CanarySettings? Canary { get; set; }

    public int? Shadow { get; set; }

    public long Stamp { get; set; }
}

/// <summary>A stored version; its JSON never changes.</summary>
public sealed class StoredRuleVersion
{
    public int VersionId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Json { get; set; } = string.Empty;

    public RuleSetVersionStatus Status { get; set; }

    public string Author { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ValidatedAt { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public int Rules { get; set; }

    public List<RuleSetProblem> Problems { get; set; } = [];
}

/// <summary>One activation of a version, with its effective window.</summary>
public sealed record StoredActivation(int VersionId, DateTimeOffset At, DateTimeOffset? EffectiveFrom, DateTimeOffset? EffectiveUntil);
