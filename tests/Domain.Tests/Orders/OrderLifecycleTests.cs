using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Orders;

public sealed class OrderLifecycleTests : IAsyncLifetime
{
    private DomainHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync();
        await StandardAsync(Grains);
        await StockAsync(Grains, "SKU-A", "WH-SH", 50);
        await StockAsync(Grains, "SKU-B", "WH-SH", 50);
        await StockAsync(Grains, "SKU-A", "WH-BJ", 50);
        await CustomerAsync(Grains, "C-1", CustomerTier.Vip);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Happy_path_from_placement_to_refund_is_on_the_timeline()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-1");
        var placed = await order.Place(Order("C-1", Shanghai, ("SKU-A", 2), ("SKU-B", 1)), Cmd("place"));

        Assert.Equal(OrderStatus.ReleasedToWarehouse, placed.Status);
        var shipment = Assert.Single(placed.Shipments);
        Assert.Equal("WH-SH", shipment.WarehouseId);
        Assert.Equal(2, (await Slot("SKU-A", "WH-SH").GetSnapshot()).Reserved);

        await order.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Picked, DateTimeOffset.UtcNow), Cmd("pick"));
        await order.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Shipped, DateTimeOffset.UtcNow, "SF Express", "SF123"), Cmd("ship"));
        var slot = await Slot("SKU-A", "WH-SH").GetSnapshot();
        Assert.Equal((48, 0), (slot.OnHand, slot.Reserved));

        var delivered = await order.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Delivered, DateTimeOffset.UtcNow), Cmd("deliver"));
        Assert.Equal(OrderStatus.Delivered, delivered.Status);

        var returned = await order.RequestReturn(new ReturnRequest([new ReturnLine("L1", 1)], "too small, wrong size"), Cmd("return"));
        Assert.Equal(OrderStatus.ReturnApproved, returned.Status);
        Assert.Equal("SizeOrFit", returned.Return!.Category);

        var refunded = await order.ReceiveReturn([new ReceivedLine("L1", 1, Sellable: true)], Cmd("receive"));
        Assert.Equal(OrderStatus.Refunded, refunded.Status);
        Assert.Equal(49, (await Slot("SKU-A", "WH-SH").GetSnapshot()).OnHand);

        var timeline = await order.GetTimeline();
        Assert.Equal(
            ["OrderPlaced", "OrderValidated", "Allocated", "Promised", "ReleasedToWarehouse", "ShipmentPicked", "ShipmentShipped", "ShipmentDelivered",
             "ReturnRequested", "ReturnApproved", "ReturnReceived", "Refunded"],
            timeline.Select(e => e.Type));
        Assert.All(timeline, e => Assert.Equal("order/ORD-1", e.Source));
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(i => (long)i), timeline.Select(e => e.Sequence));
        Assert.Contains("WH-SH", timeline.Single(e => e.Type == "Allocated").Context["shipments"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replayed_command_returns_the_order_without_reserving_again()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-2");
        var command = Order("C-1", Shanghai, ("SKU-A", 3));
        var first = await order.Place(command, Cmd("k1"));
        var replay = await order.Place(command, Cmd("k1"));

        Assert.Equal(first.Version, replay.Version);
        Assert.Equal(3, (await Slot("SKU-A", "WH-SH").GetSnapshot()).Reserved);
        var conflict = await Assert.ThrowsAsync<DomainException>(() => order.Place(Order("C-1", Shanghai, ("SKU-A", 4)), Cmd("k1")));
        Assert.Equal("order.idempotency-conflict", conflict.Code);
        var again = await Assert.ThrowsAsync<DomainException>(() => order.Place(command, Cmd("k2")));
        Assert.Equal("order.exists", again.Code);
    }

    [Fact]
    public async Task Invalid_order_is_refused_with_the_field_and_changes_nothing()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-BAD");
        var error = await Assert.ThrowsAsync<DomainException>(() => order.Place(Order("C-1", Shanghai, ("SKU-A", 0)), Cmd("bad")));
        Assert.Equal("order.invalid", error.Code);
        Assert.Contains("lines[0].quantity", error.Message, StringComparison.Ordinal);
        Assert.Equal("order.not-found", (await Assert.ThrowsAsync<DomainException>(() => order.Get())).Code);
        Assert.Equal(0, (await Slot("SKU-A", "WH-SH").GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Address_change_before_pick_reroutes_and_after_pick_is_refused()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-3");
        var placed = await order.Place(Order("C-1", Shanghai, ("SKU-A", 1)), Cmd("place"));
        Assert.Equal("WH-SH", placed.Shipments.Single().WarehouseId);

        var moved = await order.ChangeAddress(AddressIn(Beijing, "Beijing"), Cmd("move"));
        var active = moved.Shipments.Where(s => s.Status != ShipmentStatus.Cancelled).ToList();
        Assert.Equal("WH-BJ", Assert.Single(active).WarehouseId);
        Assert.Equal(0, (await Slot("SKU-A", "WH-SH").GetSnapshot()).Reserved);
        Assert.Equal(1, (await Slot("SKU-A", "WH-BJ").GetSnapshot()).Reserved);

        await order.RecordShipmentEvent(new ShipmentEvent(active[0].ShipmentId, ShipmentEventKind.Picked, DateTimeOffset.UtcNow), Cmd("pick"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => order.ChangeAddress(AddressIn(Shanghai), Cmd("move-again")));
        Assert.Equal("order.too-late", refused.Code);
    }

    [Fact]
    public async Task Cancelling_a_line_releases_its_stock_and_cancelling_all_cancels_the_order()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-4");
        await order.Place(Order("C-1", Shanghai, ("SKU-A", 2), ("SKU-B", 3)), Cmd("place"));
        var partial = await order.Cancel(["L2"], "customer changed mind", Cmd("cancel-l2"));

        Assert.Equal(0, (await Slot("SKU-B", "WH-SH").GetSnapshot()).Reserved);
        Assert.Equal(2, (await Slot("SKU-A", "WH-SH").GetSnapshot()).Reserved);
        Assert.NotEqual(OrderStatus.Cancelled, partial.Status);

        var cancelled = await order.Cancel(null, "no longer needed", Cmd("cancel-all"));
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, (await Slot("SKU-A", "WH-SH").GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Lines_of_an_unpicked_shipment_can_be_cancelled_while_another_shipment_is_picked()
    {
        await StockAsync(Grains, "SKU-P", "WH-GZ", 5);
        var order = Grains.GetGrain<IOrderGrain>("ORD-PART");
        var placed = await order.Place(Order("C-1", Shanghai, ("SKU-B", 1), ("SKU-P", 2)), Cmd("place"));
        var shanghai = placed.Shipments.Single(s => s.WarehouseId == "WH-SH");
        await order.RecordShipmentEvent(new ShipmentEvent(shanghai.ShipmentId, ShipmentEventKind.Picked, DateTimeOffset.UtcNow), Cmd("pick"));

        var partial = await order.Cancel(["L2"], "out of budget", Cmd("cancel-l2"));
        Assert.Equal(OrderStatus.Picked, partial.Status);
        Assert.Equal(0, (await Slot("SKU-P", "WH-GZ").GetSnapshot()).Reserved);

        var pickedLine = await Assert.ThrowsAsync<DomainException>(() => order.Cancel(["L1"], "too late", Cmd("cancel-l1")));
        Assert.Equal("order.too-late", pickedLine.Code);
        Assert.Contains("L1", pickedLine.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DomainException>(() => order.ChangeAddress(AddressIn(Beijing, "Beijing"), Cmd("move")));
    }

    [Fact]
    public async Task Quantity_change_re_reserves_consistently()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-5");
        await order.Place(Order("C-1", Shanghai, ("SKU-B", 2)), Cmd("place"));
        await order.ChangeLines([new LineChange("L1", null, 5)], Cmd("more"));

        Assert.Equal(5, (await Slot("SKU-B", "WH-SH").GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Order_is_backordered_with_the_short_sku_when_no_warehouse_has_stock()
    {
        var placed = await Grains.GetGrain<IOrderGrain>("ORD-6").Place(Order("C-1", Shanghai, ("SKU-NONE", 1)), Cmd("place"));
        Assert.Equal(OrderStatus.Backordered, placed.Status);
        var backordered = (await Grains.GetGrain<IOrderGrain>("ORD-6").GetTimeline()).Single(e => e.Type == "Backordered");
        Assert.Equal("SKU-NONE", backordered.Context["shortSku"]);
    }

    [Fact]
    public async Task Backordered_order_allocates_after_a_restock()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-7");
        Assert.Equal(OrderStatus.Backordered, (await order.Place(Order("C-1", Shanghai, ("SKU-LATE", 1)), Cmd("place"))).Status);
        await StockAsync(Grains, "SKU-LATE", "WH-GZ", 5);

        Assert.Equal(OrderStatus.ReleasedToWarehouse, (await order.RetryAllocation(Cmd("retry"))).Status);
    }

    [Fact]
    public async Task Order_state_survives_a_restart()
    {
        await Grains.GetGrain<IOrderGrain>("ORD-8").Place(Order("C-1", Shanghai, ("SKU-A", 1)), Cmd("place"));
        await _harness.RestartAsync();

        var view = await _harness.Grains.GetGrain<IOrderGrain>("ORD-8").Get();
        Assert.Equal(OrderStatus.ReleasedToWarehouse, view.Status);
        Assert.Equal(5, (await _harness.Grains.GetGrain<IOrderGrain>("ORD-8").GetTimeline()).Count);
    }

    private IStockSlotGrain Slot(string sku, string warehouse) => Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouse));
}
