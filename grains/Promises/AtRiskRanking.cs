using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Ranks the options for an at-risk shipment: options that bring P(meet the committed date) back to the threshold
/// come first, cheapest first (then the more likely); then telling the customer the new date; then the options that
/// would not save the date, most likely first. The policy picks from the ranking.
/// </summary>
public static class AtRiskRanking
{
    public static IReadOnlyList<AtRiskOption> Rank(IEnumerable<AtRiskOption> options, double threshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ranked = options
            .OrderBy(o => o.Kind == AtRiskActionKind.NotifyNewDate ? 1 : o.ProbabilityOnTime >= threshold ? 0 : 2)
            .ThenBy(o => o.ProbabilityOnTime >= threshold && o.Kind != AtRiskActionKind.NotifyNewDate ? o.ExtraCost : 0m)
            .ThenByDescending(o => o.ProbabilityOnTime)
            .ThenBy(o => o.Kind)
            .Select((o, i) => o with { Rank = i + 1 })
            .ToList();
        return ranked;
    }

    /// <summary>The option the policy applies (null: record only).</summary>
    public static AtRiskOption? Choose(IReadOnlyList<AtRiskOption> ranked, AtRiskPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return policy switch
        {
            AtRiskPolicy.RecordOnly => null,
            AtRiskPolicy.NotifyOnly => ranked.FirstOrDefault(o => o.Kind == AtRiskActionKind.NotifyNewDate),
            _ => ranked.Count > 0 ? ranked[0] : null,
        };
    }
}
