using System.Diagnostics;
using OrderGrains.Bench.Harness;
using OrderGrains.Grains.DemoData;
using OrderGrains.Grains.Routing;
using OrderGrains.Grains.Rules;
using OrderGrains.Grains.Rules.Sandbox;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Orders replayed per second by the rules sandbox, routing only (no rule set in either leg): a generated flash sale
/// (20x volume on 50 hot SKUs, a warehouse outage at 10:00) over the demo network's warehouses, both legs side by side
/// on their own in-memory worlds, then KPIs and the changed-order comparison. Each order is routed once per leg.
/// Baseline: the routing engine alone on the same orders and a static world (no stock taken, no bookkeeping), one
/// thread. Also reported: the same replay with the default rule set against a candidate excluding a warehouse.
/// </summary>
public sealed class SandboxScenario(BenchArgs args) : IScenario
{
    public const string Name = "sandbox";

    private readonly int _orders = args.GetInt("orders", 200_000, max: SandboxGrain.MaxOrders);
    private readonly int _runs = args.GetInt("runs", 3, max: 20);

    public Task<ScenarioResult> RunAsync()
    {
        var network = DemoNetworkGenerator.Generate(seed: 42, skus: 0, customers: 0);
        var warehouses = network.Warehouses.Select(w => new WarehouseSnapshot(w, WarehouseStatus.Online, null, 0, 0)).ToArray();
        var outage = warehouses[0].Profile.WarehouseId;
        var request = new SandboxRequest(2, Seed: 1, Orders: _orders, HotSkus: 50, VolumeMultiplier: 20, OutageWarehouse: outage);
        var catalogue = FlashSaleGenerator.Catalogue(50, 1000);
        var orders = FlashSaleGenerator.Orders(request, catalogue, warehouses);
        var stock = FlashSaleGenerator.Stock(catalogue, 50, warehouses, 1);
        var outages = FlashSaleGenerator.Outages(request);
        ResultWriter.Progress($"{Name}: {orders.Count:N0} flash-sale orders over {warehouses.Length} warehouses (outage of {outage} at 10:00), {catalogue.Count} SKUs");

        // Warm-up, then the median of the runs.
        SandboxRunner.Run("warm", request, orders.Take(20_000).ToList(), new SandboxWorld(warehouses, stock), null, null, outages, null, CancellationToken.None);
        var rates = new List<double>();
        SandboxResult? last = null;
        for (var r = 0; r < _runs; r++)
        {
            var watch = Stopwatch.StartNew();
            last = SandboxRunner.Run("bench", request, orders, new SandboxWorld(warehouses, stock), null, null, outages, null, CancellationToken.None);
            rates.Add(orders.Count / watch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        var rate = rates[rates.Count / 2];

        var world = new SandboxWorld(warehouses, stock);
        var engineWatch = Stopwatch.StartNew();
        var routed = 0;
        foreach (var order in orders)
        {
            var skus = order.Lines.Select(l => l.Sku).ToList();
            var decision = RoutingEngine.Route(
                new RoutingRequest(order.OrderId, order.RoutingLines(false), order.Destination, order.Customer.Tier, order.Customer.Preferences.AcceptsSplitShipments, order.Speed, []),
                world.Warehouses, world.Availability(skus, order.At), order.At);
            routed += decision.Success ? 1 : 0;
        }

        var engineRate = orders.Count / engineWatch.Elapsed.TotalSeconds;

        var rulesWatch = Stopwatch.StartNew();
        var candidate = RuleCompiler.Compile($$"""
            { "name": "exclude-{{outage}}", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "avoid", "when": { "type": "always" }, "then": [ { "type": "excludeWarehouses", "warehouses": ["{{warehouses[1].Profile.WarehouseId}}"] } ] } ] } ] }
            """, 2);
        var withRules = SandboxRunner.Run("rules", request, orders, new SandboxWorld(warehouses, stock), RuleCompiler.Compile(DefaultRuleSet.Json, 1), candidate, outages, null, CancellationToken.None);
        var rulesRate = orders.Count / rulesWatch.Elapsed.TotalSeconds;
        ResultWriter.Progress($"{Name}: routing-only {rate:N0} orders/s (runs: {string.Join(", ", rates.Select(x => x.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}); engine alone {engineRate:N0}/s; with rules {rulesRate:N0}/s, {withRules.ChangedOrders:N0} changed");

        var json = ResultWriter.Create(Name, rate, "orders replayed/s (routing only, 2 legs)", engineRate);
        json["orders"] = orders.Count;
        json["runs"] = _runs;
        json["allocation_rate"] = last!.Candidate.AllocationRate;
        json["backordered"] = last.Candidate.Backordered;
        json["with_rules_orders_per_s"] = ResultWriter.Round(rulesRate);
        json["with_rules_changed_orders"] = withRules.ChangedOrders;
        json["engine_routed"] = routed;
        return Task.FromResult(new ScenarioResult(json));
    }
}
