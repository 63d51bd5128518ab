using System.Globalization;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// What a rule set version decided for one order: the merged effect of every matching rule and which rules matched.
/// Single-valued settings come from the first rule (in precedence order) that set them; sets are unions; priority is
/// the highest level; hold and merge blocking hold when any rule says so.
/// </summary>
public sealed record RuleDecision(
    int VersionId,
    IReadOnlyList<string> MatchedRules,
    int Priority,
    IReadOnlyList<string> HoldReasons,
    bool BlockMerge,
    IReadOnlyList<string> Inserts,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> ExcludedWarehouses,
    IReadOnlyList<string> PreferredWarehouses,
    double? PreferenceBonus,
    int? MaxShipments,
    bool ShipTogether,
    int? SlaHours,
    double? SlaConfidence,
    ShippingSpeed? Service,
    string? Carrier,
    double? ConfidenceTarget,
    double? TransitWeight,
    double? CostWeight,
    double? SplitPenalty,
    double? SaturationWeight,
    double? CarbonWeight)
{
    /// <summary>Priority when no rule sets one.</summary>
    public const int DefaultPriority = 50;

    /// <summary>True when the order must be held for review.</summary>
    public bool Hold => HoldReasons.Count > 0;

    /// <summary>The routing policy this decision asks for, on top of <paramref name="basis"/>.</summary>
    public RoutingPolicy ToPolicy(RoutingPolicy basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        return basis with
        {
            TransitWeight = TransitWeight ?? basis.TransitWeight,
            CostWeight = CostWeight ?? basis.CostWeight,
            SplitPenalty = SplitPenalty ?? basis.SplitPenalty,
            SaturationWeight = SaturationWeight ?? basis.SaturationWeight,
            CarbonWeight = CarbonWeight ?? basis.CarbonWeight,
            MaxShipments = ShipTogether ? 1 : MaxShipments ?? basis.MaxShipments,
            VipSlaHours = SlaHours ?? basis.VipSlaHours,
            VipSlaConfidence = SlaConfidence ?? basis.VipSlaConfidence,
            EnforceSla = basis.EnforceSla || SlaHours is not null,
            PreferredWarehouses = PreferredWarehouses.Count > 0 ? PreferredWarehouses : basis.PreferredWarehouses,
            PreferenceBonus = PreferenceBonus ?? basis.PreferenceBonus,
            PreferredCarrier = Carrier ?? basis.PreferredCarrier,
        };
    }

    /// <summary>One short line per setting that differs from <paramref name="other"/> (empty when they decide alike).</summary>
    public IReadOnlyList<string> DifferencesFrom(RuleDecision other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var changes = new List<string>();
        Compare("priority", other.Priority, Priority);
        Compare("hold", other.Hold ? string.Join("; ", other.HoldReasons) : "no", Hold ? string.Join("; ", HoldReasons) : "no");
        Compare("blockMerge", other.BlockMerge, BlockMerge);
        Compare("inserts", Join(other.Inserts), Join(Inserts));
        Compare("tags", Join(other.Tags), Join(Tags));
        Compare("excluded", Join(other.ExcludedWarehouses), Join(ExcludedWarehouses));
        Compare("preferred", Join(other.PreferredWarehouses), Join(PreferredWarehouses));
        Compare("maxShipments", other.ShipTogether ? 1 : other.MaxShipments, ShipTogether ? 1 : MaxShipments);
        Compare("slaHours", other.SlaHours, SlaHours);
        Compare("service", other.Service, Service);
        Compare("carrier", other.Carrier, Carrier);
        Compare("confidence", other.ConfidenceTarget, ConfidenceTarget);
        Compare("weights", Weights(other), Weights(this));
        return changes;

        void Compare<T>(string name, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {Show(before)} -> {Show(after)}"));
            }
        }

        static string Show<T>(T value) => value is null ? "default" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default";

        static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "none" : string.Join(",", values);

        static string Weights(RuleDecision d) => string.Create(CultureInfo.InvariantCulture, $"{d.TransitWeight}/{d.CostWeight}/{d.SplitPenalty}/{d.SaturationWeight}/{d.CarbonWeight}");
    }

    /// <summary>The decision of "no rule set": nothing matched, nothing changes.</summary>
    public static RuleDecision None(int versionId) =>
        new(versionId, [], DefaultPriority, [], false, [], [], [], [], null, null, false, null, null, null, null, null, null, null, null, null, null);
}
