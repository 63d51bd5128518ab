using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Computes the options for an at-risk shipment, each with P(meet the committed date) if taken: a faster service
/// from the same warehouse, another warehouse (routing without the current one, nothing reserved), a split across
/// warehouses (when the customer accepts splits and there are several lines), and telling the customer the new date.
/// </summary>
internal sealed class AtRiskOptionFinder(
    IGrainFactory grains,
    RiskRequest request,
    ShipmentPromise current,
    Func<WarehouseSnapshot, string, ShippingSpeed, int, Task<ShipmentPromise>> promise,
    Func<string, Task<WarehouseSnapshot>> warehouse)
{
    private readonly DateTimeOffset _committed = request.Shipment.CommittedBy!.Value;

    public async Task<List<AtRiskOption>> FindAsync()
    {
        var options = new List<AtRiskOption>(4);
        var home = request.Shipment.Warehouse ?? await warehouse(request.Shipment.WarehouseId);
        var weight = request.Lines.Sum(l => l.Quantity * Math.Max(0, l.WeightKg));
        var currentCost = Cost(home.Profile.Lanes.FirstOrDefault(l => l.Carrier == current.Carrier && l.Service == current.Service), weight);

        if (await UpgradeAsync(home, weight, currentCost) is { } upgrade)
        {
            options.Add(upgrade);
        }

        if (await RouteAsync(acceptsSplit: false, currentCost) is { } move)
        {
            options.Add(move);
        }

        if (request.AcceptsSplit && request.Lines.Count > 1 && await RouteAsync(acceptsSplit: true, currentCost) is { Kind: AtRiskActionKind.Split } split)
        {
            options.Add(split);
        }

        options.Add(new AtRiskOption(
            0,
            AtRiskActionKind.NotifyNewDate,
            $"keep the plan and tell the customer: {current.Text}",
            current.ProbabilityByCommitted ?? 0,
            current.PromisedBy,
            0m,
            [current.WarehouseId],
            current.Carrier,
            current.Service));
        return options;
    }

    private async Task<AtRiskOption?> UpgradeAsync(WarehouseSnapshot home, double weight, decimal currentCost)
    {
        AtRiskOption? best = null;
        foreach (var lane in home.Profile.Lanes.Where(l => l.Service > current.Service))
        {
            var upgraded = await promise(home, lane.Carrier, lane.Service, 0);
            var p = upgraded.ProbabilityBy(_committed);
            if (best is null || p > best.ProbabilityOnTime)
            {
                best = new AtRiskOption(
                    0,
                    AtRiskActionKind.UpgradeService,
                    $"upgrade to {lane.Carrier} {lane.Service}: {p:P0} by the committed date",
                    Math.Round(p, 4),
                    upgraded.PromisedBy,
                    Cost(lane, weight) - currentCost,
                    [home.Profile.WarehouseId],
                    lane.Carrier,
                    lane.Service);
            }
        }

        return best;
    }

    private async Task<AtRiskOption?> RouteAsync(bool acceptsSplit, decimal currentCost)
    {
        var decision = await grains.GetGrain<IRoutingGrain>("default").Route(new RoutingRequest(
            request.OrderId,
            request.Lines,
            request.Shipment.Destination,
            request.Tier,
            acceptsSplit,
            request.Shipment.Service,
            [request.Shipment.WarehouseId],
            acceptsSplit ? RoutingPolicy.Default with { SplitPenalty = 0 } : null));
        if (!decision.Success || decision.Shipments.Count == 0)
        {
            return null;
        }

        // Shipments travel independently: the order is on time when every one of them is.
        var p = 1.0;
        var latest = DateTimeOffset.MinValue;
        foreach (var plan in decision.Shipments)
        {
            var promised = await promise(await warehouse(plan.WarehouseId), plan.Carrier, plan.Service, plan.Lines.Sum(l => l.Quantity));
            p *= promised.ProbabilityBy(_committed);
            latest = promised.PromisedBy > latest ? promised.PromisedBy : latest;
        }

        var split = decision.Shipments.Count > 1;
        var ids = decision.Shipments.Select(s => s.WarehouseId).ToList();
        return new AtRiskOption(
            0,
            split ? AtRiskActionKind.Split : AtRiskActionKind.MoveWarehouse,
            split ? $"split across {string.Join(" + ", ids)}: {p:P0} by the committed date" : $"move to {ids[0]}: {p:P0} by the committed date",
            Math.Round(p, 4),
            latest,
            decision.Shipments.Sum(s => s.EstimatedCost) - currentCost,
            ids,
            decision.Shipments[0].Carrier,
            decision.Shipments[0].Service);
    }

    private static decimal Cost(CarrierLane? lane, double weight) =>
        lane is null ? 0m : lane.CostPerShipment + (lane.CostPerKg * (decimal)weight);
}
