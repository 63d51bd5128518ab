using System.Text;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Routing;

/// <summary>Turns the search's winner into shipments and human-readable reasons (why it won, why the runner-up lost).</summary>
internal static class RoutingReasons
{
    public static RoutingDecision Decide(RoutingRequest request, RoutingPolicy policy, RoutingProblem problem, RouteCandidate[] candidates, bool usedFallback)
    {
        var best = problem.Best!.Value;
        var shipments = new List<ShipmentPlan>(best.Shipments);
        foreach (var c in RoutingEngine.Members(best.Warehouses))
        {
            ref readonly var candidate = ref candidates[c];
            var lines = new List<AllocatedLine>();
            var weight = 0.0;
            for (var l = 0; l < request.Lines.Count; l++)
            {
                if (problem.BestAssignment[problem.LineUnit[l]] == c)
                {
                    var line = request.Lines[l];
                    lines.Add(new AllocatedLine(line.LineId, line.Sku, line.Quantity));
                    weight += line.Quantity * Math.Max(0, line.WeightKg);
                }
            }

            var lane = candidate.Lane;
            shipments.Add(new ShipmentPlan(
                candidate.Id,
                lines,
                lane.Carrier,
                lane.Service,
                Math.Round(candidate.Hours, 1),
                Math.Round(lane.CostPerShipment + (lane.CostPerKg * (decimal)weight), 2),
                Math.Round(candidate.DistanceKm, 1),
                Math.Round(candidate.KgCo2, 3)));
        }

        var reasons = new List<string>(5)
        {
            DescribeShipments(shipments),
            $"score {best.Score:0.00}: slowest shipment {best.MaxHours / 24:0.00} d, cost ¥{best.Cost:0.00}, {best.Shipments - 1} extra shipment(s), saturation {best.Saturation:0.00}, {best.KgCo2:0.00} kg CO2",
        };
        if (request.Tier == CustomerTier.Vip || policy.EnforceSla)
        {
            var sla = request.Tier == CustomerTier.Vip ? "VIP SLA" : "rule SLA";
            reasons.Add(best.MeetsSla
                ? $"{sla} of {policy.VipSlaHours} h met (slowest shipment {best.MaxHours:0} h)"
                : $"{sla} missed: no feasible plan delivers within {policy.VipSlaHours} h; the best needs {best.MaxHours:0} h");
        }

        if (usedFallback)
        {
            reasons.Add("no online warehouse could fill the order; using degraded warehouse(s) as a fallback");
        }

        var runnerUp = problem.RunnerUp is { } other ? DescribeRunnerUp(other, best, policy, candidates) : null;
        if (runnerUp is not null)
        {
            reasons.Add("runner-up " + runnerUp);
        }

        return new RoutingDecision(true, shipments, Math.Round(best.Score, 4), best.MeetsSla, reasons, runnerUp, null, []);
    }

    private static string DescribeShipments(List<ShipmentPlan> shipments)
    {
        if (shipments.Count == 1)
        {
            var only = shipments[0];
            return $"single shipment from {only.WarehouseId} via {only.Carrier} {only.Service}: {only.EstimatedHours:0} h, ¥{only.EstimatedCost:0.00}, {only.DistanceKm:0} km";
        }

        var text = new StringBuilder().Append(shipments.Count).Append(" shipments: ");
        for (var i = 0; i < shipments.Count; i++)
        {
            var s = shipments[i];
            text.Append(i == 0 ? string.Empty : "; ")
                .Append(s.WarehouseId).Append(" (")
                .AppendJoin(", ", s.Lines.Select(l => l.LineId))
                .Append($": {s.EstimatedHours:0} h, ¥{s.EstimatedCost:0.00}, {s.DistanceKm:0} km)");
        }

        return text.ToString();
    }

    private static string DescribeRunnerUp(RoutePlan plan, RoutePlan winner, RoutingPolicy policy, RouteCandidate[] candidates)
    {
        var names = string.Join('+', RoutingEngine.Members(plan.Warehouses).Select(c => candidates[c].Id));
        var text = new StringBuilder($"{names}: ");
        text.Append(plan.Shipments == 1 ? "1 shipment" : $"{plan.Shipments} shipments");
        if (plan.Shipments > winner.Shipments)
        {
            text.Append($" (+{(plan.Shipments - winner.Shipments) * policy.SplitPenalty:0.0} split penalty)");
        }

        if (winner.MeetsSla && !plan.MeetsSla)
        {
            text.Append($", misses the VIP SLA ({plan.MaxHours:0} h)");
        }

        text.Append($", {plan.MaxHours - winner.MaxHours:+0;-0;0} h, {plan.Cost - winner.Cost:+0.00;-0.00;0.00} ¥, score {plan.Score:0.00} vs {winner.Score:0.00}");
        return text.ToString();
    }
}
