using OrderGrains.Grains.Routing;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>What one order came to in one leg of a replay.</summary>
public enum SandboxOutcomeKind : byte
{
    Allocated,
    Backordered,
    Held,
}

/// <summary>One order's outcome in one leg.</summary>
public readonly record struct SandboxOutcome(SandboxOutcomeKind Kind, string Warehouses, int Shipments, double Days, double Cost, bool OnTime, RuleDecision? Decision);

/// <summary>One leg of a replay: a version's outcome for every order, in order.</summary>
public sealed record SandboxLeg(int VersionId, SandboxOutcome[] Outcomes, IReadOnlyDictionary<string, int> WarehouseLoad);

/// <summary>
/// Replays orders in time order against one version on its own world: rules decide (hold, exclusions, policy,
/// service, ship-together), the routing engine sources from the world's stock and warehouses, the allocation takes
/// stock and adds backlog, outages take warehouses offline at their time. Deterministic: same orders, same world,
/// same result. No grain, no clock, no I/O.
/// </summary>
public static class SandboxReplayer
{
    public static SandboxLeg Run(
        IReadOnlyList<SandboxOrder> orders,
        SandboxWorld world,
        CompiledRuleSet? rules,
        IReadOnlyList<SandboxOutage> outages,
        Action<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(outages);
        var outcomes = new SandboxOutcome[orders.Count];
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        var pendingOutages = outages.OrderBy(o => o.At).ToList();
        var nextOutage = 0;
        var skus = new List<string>(4);
        for (var i = 0; i < orders.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(i);
            }

            var order = orders[i];
            while (nextOutage < pendingOutages.Count && pendingOutages[nextOutage].At <= order.At)
            {
                world.TakeOffline(pendingOutages[nextOutage].WarehouseId, "sandbox outage");
                nextOutage++;
            }

            skus.Clear();
            foreach (var line in order.Lines)
            {
                skus.Add(line.Sku);
            }

            RuleDecision? decision = null;
            if (rules is not null)
            {
                var facts = RuleFacts.For(
                    order.OrderId, order.CustomerId, order.Channel, order.Lines, order.Destination, order.IsGift, order.Speed, order.Note, order.Customer, order.At,
                    rules.NeedsStock ? world.StockFacts(skus) : null,
                    rules.NeedsWarehouses ? world.Warehouses : null);
                decision = rules.Evaluate(facts);
                if (decision.Hold)
                {
                    outcomes[i] = new SandboxOutcome(SandboxOutcomeKind.Held, string.Empty, 0, 0, 0, true, decision);
                    continue;
                }
            }

            var request = new RoutingRequest(
                order.OrderId,
                order.RoutingLines(decision?.ShipTogether == true),
                order.Destination,
                order.Customer.Tier,
                order.Customer.Preferences.AcceptsSplitShipments,
                decision?.Service ?? order.Speed,
                decision?.ExcludedWarehouses ?? [],
                decision?.ToPolicy(RoutingPolicy.Default));
            var routed = RoutingEngine.Route(request, world.Warehouses, world.Availability(skus, order.At), order.At);
            if (!routed.Success)
            {
                outcomes[i] = new SandboxOutcome(SandboxOutcomeKind.Backordered, string.Empty, 0, 0, 0, false, decision);
                continue;
            }

            double hours = 0, cost = 0;
            var onTime = true;
            var names = new string[routed.Shipments.Count];
            for (var s = 0; s < routed.Shipments.Count; s++)
            {
                var shipment = routed.Shipments[s];
                var units = 0;
                foreach (var line in shipment.Lines)
                {
                    world.Take(line.Sku, shipment.WarehouseId, line.Quantity);
                    units += line.Quantity;
                }

                load[shipment.WarehouseId] = load.GetValueOrDefault(shipment.WarehouseId) + units;
                var at = world.IndexOf(shipment.WarehouseId);
                onTime &= at < 0 || world.Warehouses[at].BacklogUnits <= world.Warehouses[at].Profile.DailyCapacityUnits;
                hours = Math.Max(hours, shipment.EstimatedHours);
                cost += (double)shipment.EstimatedCost;
                names[s] = shipment.WarehouseId;
            }

            Array.Sort(names, StringComparer.Ordinal);
            outcomes[i] = new SandboxOutcome(SandboxOutcomeKind.Allocated, string.Join('+', names), routed.Shipments.Count, hours / 24, cost, onTime, decision);
        }

        progress?.Invoke(orders.Count);
        return new SandboxLeg(rules?.VersionId ?? 0, outcomes, load);
    }
}
