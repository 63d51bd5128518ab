using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>KPIs of each leg and the orders whose outcome changed, with the reasons (rule decision differences).</summary>
public static class SandboxComparer
{
    public static SandboxKpis Kpis(SandboxLeg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        int allocated = 0, backordered = 0, held = 0, split = 0, onTime = 0;
        double cost = 0;
        var days = new List<double>(leg.Outcomes.Length);
        foreach (var outcome in leg.Outcomes)
        {
            switch (outcome.Kind)
            {
                case SandboxOutcomeKind.Allocated:
                    allocated++;
                    split += outcome.Shipments > 1 ? 1 : 0;
                    onTime += outcome.OnTime ? 1 : 0;
                    cost += outcome.Cost;
                    days.Add(outcome.Days);
                    break;
                case SandboxOutcomeKind.Backordered:
                    backordered++;
                    break;
                default:
                    held++;
                    break;
            }
        }

        days.Sort();
        var orders = leg.Outcomes.Length;
        return new SandboxKpis(
            leg.VersionId,
            orders,
            allocated,
            backordered,
            held,
            Ratio(allocated, orders),
            Ratio(split, allocated),
            days.Count == 0 ? 0 : Math.Round(days.Average(), 3),
            days.Count == 0 ? 0 : Math.Round(days[Math.Min(days.Count - 1, (int)Math.Ceiling(days.Count * 0.9) - 1)], 3),
            Ratio(onTime, allocated),
            allocated == 0 ? 0 : Math.Round(cost / allocated, 2),
            new SortedDictionary<string, int>(leg.WarehouseLoad.ToDictionary(), StringComparer.Ordinal));
    }

    /// <summary>The changed orders (all counted, the first <paramref name="maxListed"/> listed).</summary>
    public static (int Count, List<SandboxChange> Listed) Changes(IReadOnlyList<SandboxOrder> orders, SandboxLeg baseline, SandboxLeg candidate, int maxListed)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var count = 0;
        var listed = new List<SandboxChange>();
        for (var i = 0; i < orders.Count; i++)
        {
            var a = baseline.Outcomes[i];
            var b = candidate.Outcomes[i];
            if (a.Kind == b.Kind && a.Warehouses == b.Warehouses)
            {
                continue;
            }

            count++;
            if (listed.Count >= maxListed)
            {
                continue;
            }

            var why = new List<string>();
            if (b.Decision is { } after)
            {
                why.AddRange(after.DifferencesFrom(a.Decision ?? RuleDecision.None(baseline.VersionId)));
                var newRules = after.MatchedRules.Except(a.Decision?.MatchedRules ?? []).ToList();
                if (newRules.Count > 0)
                {
                    why.Add($"matched {string.Join(", ", newRules)}");
                }
            }

            if (why.Count == 0)
            {
                why.Add("same rule decision; stock or capacity taken by earlier changed orders");
            }

            listed.Add(new SandboxChange(orders[i].OrderId, orders[i].CustomerId, Describe(a), Describe(b), why));
        }

        return (count, listed);
    }

    private static string Describe(SandboxOutcome outcome) => outcome.Kind switch
    {
        SandboxOutcomeKind.Allocated => $"allocated {outcome.Warehouses}",
        SandboxOutcomeKind.Held => "held",
        _ => "backordered",
    };

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}
