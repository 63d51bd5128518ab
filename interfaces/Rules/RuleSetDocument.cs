namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// A rule set as operations staff write it (JSON, see <see cref="RuleSetSchema"/>): named groups of rules, evaluated in
/// group priority order (lower first); within a group rules run in rule priority order (lower first) and the group
/// either stops at its first matching rule (<see cref="RuleGroupMode.FirstMatch"/>) or applies every match.
/// </summary>
/// <param name="Name">Name of the rule set (free text, shown in version lists).</param>
/// <param name="Groups">The rule groups.</param>
/// <param name="Description">What the rule set is for.</param>
/// <param name="TimeZone">IANA time zone of the time conditions (day, hour, peak periods); UTC when absent.</param>
/// <param name="PeakPeriods">Windows in which the <c>peak</c> time flag is true (e.g. a flash sale).</param>
/// <param name="ProductSets">Named product sets (SKUs and SKU prefixes) that <see cref="ProductCondition"/> can refer to.</param>
public sealed record RuleSetDocument(
    string Name,
    IReadOnlyList<RuleGroup> Groups,
    string? Description = null,
    string? TimeZone = null,
    IReadOnlyList<PeakPeriod>? PeakPeriods = null,
    IReadOnlyDictionary<string, ProductSet>? ProductSets = null);

/// <summary>How a group applies its matching rules.</summary>
public enum RuleGroupMode
{
    /// <summary>The first matching rule (in priority order) applies; the rest of the group is skipped.</summary>
    FirstMatch,

    /// <summary>Every matching rule applies, in priority order.</summary>
    AllMatch,
}

/// <summary>A group of rules.</summary>
/// <param name="Name">Unique name within the rule set.</param>
/// <param name="Mode">First-match or all-match.</param>
/// <param name="Rules">The rules.</param>
/// <param name="Priority">Order of evaluation among groups, lower first; single-valued settings of an earlier group win.</param>
public sealed record RuleGroup(string Name, RuleGroupMode Mode, IReadOnlyList<RuleDefinition> Rules, int Priority = 100);

/// <summary>A rule: when its condition holds for an order, its actions apply.</summary>
/// <param name="Name">Unique name within its group.</param>
/// <param name="When">The condition.</param>
/// <param name="Then">The actions (at least one).</param>
/// <param name="Priority">Order within the group, lower first.</param>
/// <param name="Enabled">False: kept in the set but never evaluated.</param>
/// <param name="Description">Why the rule exists.</param>
public sealed record RuleDefinition(
    string Name,
    RuleCondition When,
    IReadOnlyList<RuleAction> Then,
    int Priority = 100,
    bool Enabled = true,
    string? Description = null);

/// <summary>A window in which orders are "peak" (inclusive from, exclusive until).</summary>
public sealed record PeakPeriod(DateTimeOffset From, DateTimeOffset Until, string? Name = null);

/// <summary>A named set of products: exact SKUs and SKU prefixes (case-insensitive).</summary>
public sealed record ProductSet(IReadOnlyList<string>? Skus = null, IReadOnlyList<string>? SkuPrefixes = null);
