using OrderGrains.Grains.Routing;
using OrderGrains.Interfaces.Promises;
using static OrderGrains.Domain.Tests.Routing.RoutingFixtures;

namespace OrderGrains.Domain.Tests.Promises;

public sealed class PromiseRoutingTests
{
    [Fact]
    public void A_vip_order_goes_to_the_warehouse_likely_to_meet_the_sla_even_when_the_table_prefers_another()
    {
        // Shanghai and Hangzhou both meet 48 h by the carrier table, and Shanghai is nearer; its lane has been slow lately.
        var warehouses = new[] { Shanghai(), Hangzhou() };
        var stock = Stock(("SKU-1", "WH-SH", 5), ("SKU-1", "WH-HZ", 5));
        var request = Request(ShanghaiCustomer, Line("L1", "SKU-1")) with { Tier = CustomerTier.Vip };
        var outlooks = new Dictionary<string, LaneOutlook>(StringComparer.Ordinal)
        {
            ["WH-SH"] = new("WH-SH", "SF Express", ShippingSpeed.Standard, 60, 0.55),
            ["WH-HZ"] = new("WH-HZ", "SF Express", ShippingSpeed.Standard, 40, 0.95),
        };

        var byTable = RoutingEngine.Route(request, warehouses, stock, Now);
        var byPromise = RoutingEngine.Route(request, warehouses, stock, Now, outlooks);

        Assert.Equal(["WH-SH"], WarehousesOf(byTable));
        Assert.Equal(["WH-HZ"], WarehousesOf(byPromise));
        Assert.True(byPromise.MeetsSla);
        Assert.Equal(40, byPromise.Shipments[0].EstimatedHours);
    }

    [Fact]
    public void Routing_asks_the_promise_only_for_eligible_warehouses_and_their_chosen_lane()
    {
        var warehouses = new[] { Shanghai(), Hangzhou(), Beijing() with { Status = WarehouseStatus.Offline } };
        var request = Request(ShanghaiCustomer, Line("L1", "SKU-1")) with { Speed = ShippingSpeed.Express, ExcludedWarehouses = ["WH-HZ"] };

        var lanes = RoutingEngine.CandidateLanes(request, warehouses);

        Assert.Equal([new LaneCandidate("WH-SH", "SF Express", ShippingSpeed.Express)], lanes);
    }
}
