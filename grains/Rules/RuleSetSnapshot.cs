namespace OrderGrains.Grains.Rules;

/// <summary>A compiled active version with its effective window.</summary>
public sealed record ActiveRuleSet(CompiledRuleSet Rules, DateTimeOffset? EffectiveFrom, DateTimeOffset? EffectiveUntil)
{
    public bool InEffectAt(DateTimeOffset now) => (EffectiveFrom is null || now >= EffectiveFrom) && (EffectiveUntil is null || now < EffectiveUntil);
}

/// <summary>Which version decides an order, how it was chosen, and the shadow version that evaluates alongside.</summary>
public readonly record struct RuleSelection(CompiledRuleSet? Deciding, string Via, CompiledRuleSet? Shadow);

/// <summary>What one silo runs for a rule set stamp: compiled versions, canary settings, shadow.</summary>
public sealed class RuleSetSnapshot(long stamp, IReadOnlyList<ActiveRuleSet> active, CompiledRuleSet? canary, double canaryPercent, IReadOnlyCollection<string> canaryChannels, CompiledRuleSet? shadow)
{
    /// <summary>No rule set has been activated: orders are placed as without rules.</summary>
    public static RuleSetSnapshot Empty { get; } = new(0, [], null, 0, [], null);

    public long Stamp { get; } = stamp;

    public IReadOnlyList<ActiveRuleSet> Active { get; } = active;

    public CompiledRuleSet? Canary { get; } = canary;

    public double CanaryPercent { get; } = canaryPercent;

    public IReadOnlyCollection<string> CanaryChannels { get; } = canaryChannels;

    public CompiledRuleSet? Shadow { get; } = shadow;

    public bool IsEmpty => Active.Count == 0 && Canary is null && Shadow is null;

    /// <summary>The canary for its channels and its share of customers; otherwise the latest activation in effect at <paramref name="now"/>.</summary>
    public RuleSelection Select(string customerId, string channel, DateTimeOffset now)
    {
        CompiledRuleSet? deciding = null;
        var via = "none";
        if (Canary is not null && (CanaryChannels.Contains(channel, StringComparer.OrdinalIgnoreCase) || RuleCanary.Covers(customerId, CanaryPercent)))
        {
            deciding = Canary;
            via = "canary";
        }
        else
        {
            foreach (var active in Active)
            {
                if (active.InEffectAt(now))
                {
                    deciding = active.Rules;
                    via = "active";
                    break;
                }
            }
        }

        return new RuleSelection(deciding, via, Shadow is not null && Shadow.VersionId != deciding?.VersionId ? Shadow : null);
    }
}
