using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Promises;

public sealed class PromiseOrderTests
{
    private static async Task<(DomainHarness Harness, OrderView Order)> PlaceAsync(string orderId = "ORD-P1")
    {
        var harness = await DomainHarness.StartAsync();
        await ConfigureAsync(harness.Grains, ("WH-SH", "Shanghai", Shanghai));
        await StockAsync(harness.Grains, "SKU-1", "WH-SH", 50);
        await CustomerAsync(harness.Grains, "C1");
        var order = await harness.Grains.GetGrain<IOrderGrain>(orderId).Place(Order("C1", Beijing, ("SKU-1", 5)), Cmd("place"));
        return (harness, order);
    }

    [Fact]
    public async Task A_placed_order_keeps_each_shipments_promise_and_shows_it_on_the_timeline()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;

        var shipment = Assert.Single(order.Shipments);
        var promise = Assert.IsType<ShipmentPromiseSummary>(shipment.Promise);
        Assert.Matches(@"^\d{2}% chance by \w{3} \d{1,2} \w{3}$", promise.Text);
        Assert.True(promise.Probability >= 0.9);
        var promised = Assert.Single(await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).GetTimeline(), e => e.Type == "Promised");
        Assert.Contains(promise.Text, promised.Reason);
        Assert.Equal(promise.Text, promised.Context["promise"]);
        Assert.Contains(order.OrderId, await harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH").GetTracked());
    }

    [Fact]
    public async Task A_warehouse_backlog_jump_puts_the_committed_date_at_risk_and_the_policy_acts()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        var watch = harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH");

        // Capacity falls to 1 unit a day with 5 units queued: days of work ahead of the shipment.
        await harness.Grains.GetGrain<IWarehouseGrain>("WH-SH").SetDailyCapacity(1);
        var check = await watch.Check();

        Assert.True(check.Changed);
        Assert.Equal(1, check.OrdersNotified);
        var timeline = await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).GetTimeline();
        var atRisk = Assert.Single(timeline, e => e.Type == "PromiseAtRisk");
        Assert.True(double.Parse(atRisk.Context["probability"], System.Globalization.CultureInfo.InvariantCulture) < 0.85);
        Assert.Contains("1. ", atRisk.Context["options"]);
        Assert.Contains("NotifyNewDate", atRisk.Context["options"]);

        // Only one warehouse stocks the SKU and every service waits behind the same queue: the policy tells the customer.
        Assert.Equal(nameof(AtRiskActionKind.NotifyNewDate), atRisk.Context["chosen"]);
        Assert.Contains(timeline, e => e.Type == "CustomerNotified");
        var updated = await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).Get();
        Assert.True(updated.Shipments[0].PromisedBy > order.Shipments[0].PromisedBy);
        Assert.Contains("promise-at-risk", updated.Flags);
    }

    [Fact]
    public async Task An_unchanged_or_slightly_busier_warehouse_raises_no_at_risk_event()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        var watch = harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH");

        var unchanged = await watch.Check();
        await harness.Grains.GetGrain<IWarehouseGrain>("WH-SH").SetDailyCapacity(90_000);
        var slightly = await watch.Check();

        Assert.False(unchanged.Changed);
        Assert.False(slightly.Changed);
        Assert.DoesNotContain(await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).GetTimeline(), e => e.Type == "PromiseAtRisk");
    }

    [Fact]
    public async Task A_delivered_shipment_teaches_its_lane_at_every_level_and_counts_for_calibration()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        var grain = harness.Grains.GetGrain<IOrderGrain>(order.OrderId);
        var shipment = order.Shipments[0];
        var now = DateTimeOffset.UtcNow;
        await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Picked, now.AddHours(2)), Cmd("pick"));
        await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Shipped, now.AddHours(3)), Cmd("ship"));
        await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Delivered, now.AddHours(30)), Cmd("deliver"));

        foreach (var key in StageKey.Transit("WH-SH", order.ShipTo.Region, shipment.Carrier, shipment.Service).WithFallbacks())
        {
            var learned = await harness.Grains.GetGrain<ILaneDistributionGrain>(key.ToString()).GetDistribution();
            Assert.Equal(1, learned.Observations);
            Assert.Equal(1, learned.Weights[27], 9);
        }

        var report = await harness.Grains.GetGrain<IPromiseCalibrationGrain>("all").GetReport();
        var overall = Assert.Single(report.Overall);
        Assert.Equal(0.9, overall.Confidence);
        Assert.Equal(1, overall.OnTime);
        Assert.Single(report.Lanes);
        Assert.DoesNotContain(order.OrderId, await harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH").GetTracked());
        Assert.DoesNotContain(await grain.GetTimeline(), e => e.Type == "PromiseAtRisk");
    }

    [Fact]
    public async Task A_shipment_handed_to_the_carrier_too_late_for_its_date_tells_the_customer_the_new_date()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        var grain = harness.Grains.GetGrain<IOrderGrain>(order.OrderId);
        var shipment = order.Shipments[0];
        var handover = shipment.PromisedBy.AddHours(-2);
        await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Picked, handover.AddHours(-1)), Cmd("pick"));

        var shipped = await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Shipped, handover), Cmd("ship"));

        var timeline = await grain.GetTimeline();
        var atRisk = Assert.Single(timeline, e => e.Type == "PromiseAtRisk");
        Assert.Contains("late", atRisk.Reason);
        Assert.Equal(nameof(AtRiskActionKind.NotifyNewDate), atRisk.Context["chosen"]);
        Assert.Contains(timeline, e => e.Type == "CustomerNotified");
        Assert.True(shipped.Shipments[0].PromisedBy > shipment.PromisedBy);
    }

    [Fact]
    public async Task A_quote_promises_each_shipment_of_a_cart_without_reserving_stock()
    {
        await using var harness = await DomainHarness.StartAsync();
        await StandardAsync(harness.Grains);
        await StockAsync(harness.Grains, "SKU-1", "WH-SH", 10);
        await StockAsync(harness.Grains, "SKU-2", "WH-GZ", 10);

        var quote = await harness.Grains.GetGrain<IPromiseGrain>("default").Quote(
            new QuoteRequest([new QuoteLine("SKU-1", 2), new QuoteLine("SKU-2", 1)], AddressIn(Beijing, "Beijing")));

        Assert.True(quote.Available);
        Assert.Equal(2, quote.Shipments.Count);
        Assert.All(quote.Shipments, s => Assert.True(s.Promise.Probability >= 0.9));
        Assert.Equal(quote.Shipments.Max(s => s.Promise.PromisedBy), quote.DeliveredBy);
        Assert.Matches(@"^\d{2}% chance by", quote.Text);
        var slot = await harness.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-1", "WH-SH")).GetSnapshot();
        Assert.Equal(0, slot.Reserved);
    }
}
