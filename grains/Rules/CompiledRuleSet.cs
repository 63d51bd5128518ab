using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>A rule of a compiled set: its compiled condition and its actions as prepared delegates.</summary>
internal sealed record CompiledRule(string Name, Func<RuleContext, bool> When, Action<DecisionBuilder>[] Then);

/// <summary>A group of compiled rules, in evaluation order.</summary>
internal sealed record CompiledGroup(string Name, RuleGroupMode Mode, CompiledRule[] Rules);

/// <summary>
/// One rule set version compiled once into delegates (conditions are expression trees compiled to IL). Evaluating an
/// order runs those delegates in precedence order and merges the actions of the matching rules; nothing of the JSON
/// is looked at per order. Thread-safe: one instance serves every order of a silo.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly CompiledGroup[] _groups;
    private readonly TimeZoneInfo _zone;
    private readonly (DateTimeOffset From, DateTimeOffset Until)[] _peaks;

    internal CompiledRuleSet(int versionId, string name, CompiledGroup[] groups, TimeZoneInfo zone, (DateTimeOffset, DateTimeOffset)[] peaks, bool needsStock, bool needsWarehouses)
    {
        VersionId = versionId;
        Name = name;
        _groups = groups;
        _zone = zone;
        _peaks = peaks;
        NeedsStock = needsStock;
        NeedsWarehouses = needsWarehouses;
        RuleCount = groups.Sum(g => g.Rules.Length);
    }

    public int VersionId { get; }

    public string Name { get; }

    /// <summary>Enabled rules.</summary>
    public int RuleCount { get; }

    /// <summary>Some condition looks at stock: gather <see cref="RuleFacts.Stock"/>.</summary>
    public bool NeedsStock { get; }

    /// <summary>Some condition looks at warehouses: gather <see cref="RuleFacts.Warehouses"/>.</summary>
    public bool NeedsWarehouses { get; }

    /// <summary>The decision of this version for <paramref name="facts"/>.</summary>
    public RuleDecision Evaluate(RuleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var local = ReferenceEquals(_zone, TimeZoneInfo.Utc) ? facts.Now.UtcDateTime : TimeZoneInfo.ConvertTime(facts.Now, _zone).DateTime;
        var peak = false;
        foreach (var (from, until) in _peaks)
        {
            peak |= facts.Now >= from && facts.Now < until;
        }

        var context = new RuleContext(facts, local.DayOfWeek, local.Hour, peak);
        var decision = new DecisionBuilder();
        foreach (var group in _groups)
        {
            foreach (var rule in group.Rules)
            {
                if (!rule.When(context))
                {
                    continue;
                }

                decision.Matched(rule.Name);
                foreach (var action in rule.Then)
                {
                    action(decision);
                }

                if (group.Mode == RuleGroupMode.FirstMatch)
                {
                    break;
                }
            }
        }

        return decision.Build(VersionId);
    }
}
