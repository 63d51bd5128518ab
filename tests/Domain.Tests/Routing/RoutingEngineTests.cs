using System.Text.Json;
using OrderGrains.Grains.Routing;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Routing.RoutingFixtures;

namespace OrderGrains.Domain.Tests.Routing;

public sealed class RoutingEngineTests
{
    private static readonly WarehouseSnapshot Tianjin = Warehouse("WH-TJ", 39.3434, 117.3616);

    [Fact]
    public void Picks_a_single_shipment_when_one_warehouse_has_every_line()
    {
        var decision = RoutingEngine.Route(
            Request(ShanghaiCustomer, Line("L1", "A"), Line("L2", "B")),
            [Shanghai(), Hangzhou(), Beijing()],
            Stock(("A", "WH-SH", 5), ("B", "WH-SH", 5), ("A", "WH-HZ", 5), ("B", "WH-BJ", 5)),
            Now);

        Assert.True(decision.Success);
        Assert.Equal(["WH-SH"], WarehousesOf(decision));
        Assert.Equal(["L1", "L2"], decision.Shipments[0].Lines.Select(l => l.LineId));
        Assert.True(decision.MeetsSla);
    }

    [Fact]
    public void Splits_only_when_needed_and_allowed()
    {
        var stock = Stock(("A", "WH-SH", 5), ("B", "WH-BJ", 5));
        var request = Request(ShanghaiCustomer, Line("L1", "A"), Line("L2", "B"));

        var split = RoutingEngine.Route(request, [Shanghai(), Beijing()], stock, Now);
        var refused = RoutingEngine.Route(request with { AcceptsSplit = false }, [Shanghai(), Beijing()], stock, Now);

        Assert.Equal(["WH-BJ", "WH-SH"], WarehousesOf(split));
        Assert.False(refused.Success);
        Assert.Contains("refuses split", refused.FailureReason, StringComparison.Ordinal);
        Assert.Empty(refused.Shipments);
        Assert.Single(refused.ShortLines);
    }

    [Fact]
    public void Customer_refusing_splits_gets_one_shipment_when_possible()
    {
        var decision = RoutingEngine.Route(
            Request(ShanghaiCustomer, Line("L1", "A"), Line("L2", "B")) with { AcceptsSplit = false },
            [Shanghai(), Beijing()],
            Stock(("A", "WH-SH", 5), ("B", "WH-BJ", 5), ("A", "WH-BJ", 5)),
            Now);

        Assert.Equal(["WH-BJ"], WarehousesOf(decision));
    }

    [Fact]
    public void Respects_the_maximum_number_of_shipments()
    {
        var request = Request(ShanghaiCustomer, Line("L1", "A"), Line("L2", "B"), Line("L3", "C")) with { Policy = new RoutingPolicy(MaxShipments: 2) };

        var decision = RoutingEngine.Route(request, [Shanghai(), Beijing(), Guangzhou()], Stock(("A", "WH-SH", 1), ("B", "WH-BJ", 1), ("C", "WH-GZ", 1)), Now);

        Assert.False(decision.Success);
        Assert.Contains("more than 2", decision.FailureReason, StringComparison.Ordinal);
        Assert.Single(decision.ShortLines);
    }

    [Fact]
    public void Never_splits_a_ship_together_group()
    {
        var request = Request(ShanghaiCustomer, Line("L1", "A", group: "gift"), Line("L2", "B", group: "gift"), Line("L3", "C"));
        var stock = Stock(("A", "WH-SH", 5), ("A", "WH-BJ", 5), ("B", "WH-BJ", 5), ("C", "WH-SH", 5));

        var decision = RoutingEngine.Route(request, [Shanghai(), Beijing()], stock, Now);
        var impossible = RoutingEngine.Route(request, [Shanghai(), Beijing()], Stock(("A", "WH-SH", 5), ("B", "WH-BJ", 5), ("C", "WH-SH", 5)), Now);

        var group = decision.Shipments.Single(s => s.Lines.Any(l => l.LineId == "L1"));
        Assert.Contains(group.Lines, l => l.LineId == "L2");
        Assert.Equal("WH-BJ", group.WarehouseId);
        Assert.False(impossible.Success);
        Assert.Equal(["L1", "L2"], impossible.ShortLines.Select(l => l.LineId));
    }

    [Fact]
    public void Never_chooses_excluded_offline_hard_degraded_or_full_warehouses()
    {
        var stock = Stock(("A", "WH-SH", 5), ("A", "WH-HZ", 5));
        var request = Request(ShanghaiCustomer, Line("L1", "A", 3));

        Assert.Equal(["WH-SH"], WarehousesOf(RoutingEngine.Route(request, [Shanghai(), Hangzhou()], stock, Now)));
        Assert.Equal(["WH-HZ"], WarehousesOf(RoutingEngine.Route(request with { ExcludedWarehouses = ["WH-SH"] }, [Shanghai(), Hangzhou()], stock, Now)));
        Assert.Equal(["WH-HZ"], WarehousesOf(RoutingEngine.Route(request, [Shanghai(status: WarehouseStatus.Offline), Hangzhou()], stock, Now)));
        Assert.Equal(["WH-HZ"], WarehousesOf(RoutingEngine.Route(request, [Shanghai(status: WarehouseStatus.Degraded, reason: "flood"), Hangzhou()], stock, Now)));
        Assert.Equal(["WH-HZ"], WarehousesOf(RoutingEngine.Route(request, [Shanghai(capacity: 100, backlog: 98), Hangzhou()], stock, Now)));
        Assert.False(RoutingEngine.Route(request, [Shanghai(status: WarehouseStatus.Offline)], stock, Now).Success);
    }

    [Fact]
    public void Uses_a_soft_degraded_warehouse_only_when_nothing_else_fits()
    {
        var request = Request(ShanghaiCustomer, Line("L1", "A"));
        var degraded = Shanghai(status: WarehouseStatus.Degraded);

        var preferOnline = RoutingEngine.Route(request, [degraded, Beijing()], Stock(("A", "WH-SH", 5), ("A", "WH-BJ", 5)), Now);
        var fallback = RoutingEngine.Route(request, [degraded, Beijing()], Stock(("A", "WH-SH", 5)), Now);

        Assert.Equal(["WH-BJ"], WarehousesOf(preferOnline));
        Assert.Equal(["WH-SH"], WarehousesOf(fallback));
        Assert.Contains(fallback.Reasons, r => r.Contains("degraded", StringComparison.Ordinal));
    }

    [Fact]
    public void Meets_the_vip_sla_when_possible_and_flags_it_when_not()
    {
        var warehouses = new[] { Chengdu(), Beijing(), Tianjin };
        var stock = Stock(("A", "WH-CD", 5), ("B", "WH-CD", 5), ("A", "WH-BJ", 5), ("B", "WH-TJ", 5));
        var request = Request(BeijingCustomer, Line("L1", "A"), Line("L2", "B"));

        var standard = RoutingEngine.Route(request, warehouses, stock, Now);
        var vip = RoutingEngine.Route(request with { Tier = CustomerTier.Vip, Policy = new RoutingPolicy(VipSlaHours: 40) }, warehouses, stock, Now);
        var impossible = RoutingEngine.Route(request with { Tier = CustomerTier.Vip, Policy = new RoutingPolicy(VipSlaHours: 20) }, warehouses, stock, Now);

        Assert.Equal(["WH-CD"], WarehousesOf(standard));
        Assert.True(vip.MeetsSla);
        Assert.Equal(["WH-BJ", "WH-TJ"], WarehousesOf(vip));
        Assert.All(vip.Shipments, s => Assert.True(s.EstimatedHours <= 40));
        Assert.Contains("misses the VIP SLA", vip.RunnerUp, StringComparison.Ordinal);
        Assert.True(impossible.Success);
        Assert.False(impossible.MeetsSla);
        Assert.Equal(["WH-CD"], WarehousesOf(impossible));
        Assert.Contains(impossible.Reasons, r => r.StartsWith("VIP SLA missed", StringComparison.Ordinal));
    }

    [Fact]
    public void Failure_reports_short_lines_with_the_soonest_restock()
    {
        var stock = new Dictionary<string, IReadOnlyList<SkuAvailability>>
        {
            ["A"] = [new("WH-SH", 0, 0, new InboundStock(new DateOnly(2026, 3, 10), 100), Now), new("WH-BJ", 1, 1, new InboundStock(new DateOnly(2026, 3, 6), 20), Now)],
            ["B"] = [new("WH-SH", 9, 9, null, Now)],
        };

        var decision = RoutingEngine.Route(Request(ShanghaiCustomer, Line("L1", "A", 2), Line("L2", "B")), [Shanghai(), Beijing()], stock, Now);

        Assert.False(decision.Success);
        Assert.NotNull(decision.FailureReason);
        var line = Assert.Single(decision.ShortLines);
        Assert.Equal(("L1", "A", 2), (line.LineId, line.Sku, line.Quantity));
        Assert.Equal(new DateOnly(2026, 3, 6), line.ExpectedRestock?.ExpectedOn);
    }

    [Fact]
    public void Prefers_nearer_and_cheaper_warehouses()
    {
        var request = Request(ShanghaiCustomer, Line("L1", "A"));

        var nearer = RoutingEngine.Route(request, [Beijing(), Shanghai(), Guangzhou()], Stock(("A", "WH-SH", 5), ("A", "WH-BJ", 5), ("A", "WH-GZ", 5)), Now);
        var cheaper = RoutingEngine.Route(
            request,
            [Warehouse("WH-X", 31.2, 121.4, cost: 30m), Warehouse("WH-Y", 31.2, 121.4, cost: 10m)],
            Stock(("A", "WH-X", 5), ("A", "WH-Y", 5)),
            Now);

        Assert.Equal(["WH-SH"], WarehousesOf(nearer));
        Assert.Equal(["WH-Y"], WarehousesOf(cheaper));
        Assert.Equal(10m + 2m * 0.5m, cheaper.Shipments[0].EstimatedCost);
    }

    [Fact]
    public void Reasons_name_the_winner_and_why_the_runner_up_lost()
    {
        var decision = RoutingEngine.Route(
            Request(ShanghaiCustomer, Line("L1", "A"), Line("L2", "B")),
            [Shanghai(), Hangzhou(), Beijing()],
            Stock(("A", "WH-SH", 5), ("B", "WH-SH", 5), ("A", "WH-HZ", 5), ("B", "WH-BJ", 5)),
            Now);

        Assert.StartsWith("single shipment from WH-SH", decision.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("km", decision.Reasons[0], StringComparison.Ordinal);
        Assert.NotNull(decision.RunnerUp);
        Assert.Contains("2 shipments (+1.5 split penalty)", decision.RunnerUp, StringComparison.Ordinal);
        Assert.Contains(decision.Reasons, r => r.StartsWith("runner-up ", StringComparison.Ordinal));
    }

    [Fact]
    public void Is_deterministic_whatever_the_order_of_its_inputs()
    {
        var request = Request(ShanghaiCustomer, Line("L1", "A", 2), Line("L2", "B"), Line("L3", "C", 1, "g"), Line("L4", "D", 1, "g"));
        var stock = Stock(("A", "WH-SH", 1), ("A", "WH-HZ", 5), ("B", "WH-SH", 5), ("C", "WH-BJ", 5), ("D", "WH-BJ", 5), ("C", "WH-HZ", 5), ("D", "WH-HZ", 5));

        var first = JsonSerializer.Serialize(RoutingEngine.Route(request, [Shanghai(), Hangzhou(), Beijing()], stock, Now));
        var second = JsonSerializer.Serialize(RoutingEngine.Route(request, [Beijing(), Hangzhou(), Shanghai()], stock, Now));

        Assert.Equal(first, second);
    }
}
