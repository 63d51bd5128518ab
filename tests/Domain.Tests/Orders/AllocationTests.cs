using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Orders;

public sealed class AllocationTests : IAsyncLifetime
{
    private DomainHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync();
        await StandardAsync(Grains);
        await CustomerAsync(Grains, "C-STD");
        await CustomerAsync(Grains, "C-NOSPLIT", acceptsSplit: false);
        await CustomerAsync(Grains, "C-VIP", CustomerTier.Vip);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Thousand_concurrent_orders_for_a_hundred_units_allocate_exactly_a_hundred()
    {
        await StockAsync(Grains, "SKU-HOT", "WH-SH", 100);
        var views = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            Grains.GetGrain<IOrderGrain>($"FLASH-{i}").Place(Order($"C-FLASH-{i}", Shanghai, ("SKU-HOT", 1)), Cmd($"p{i}"))));

        Assert.Equal(100, views.Count(v => v.Status == OrderStatus.ReleasedToWarehouse));
        Assert.Equal(900, views.Count(v => v.Status == OrderStatus.Backordered));
        var slot = await Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-HOT", "WH-SH")).GetSnapshot();
        Assert.Equal((100, 100, 0), (slot.OnHand, slot.Reserved, slot.Available));
    }

    [Fact]
    public async Task No_unit_is_oversold_when_the_silo_restarts_in_the_middle_of_a_flash_sale()
    {
        await StockAsync(Grains, "SKU-RST", "WH-SH", 100);
        var keys = Enumerable.Range(0, 400).ToList();
        var first = keys.Take(200).Select(i => TryPlaceAsync(i)).ToList();
        await _harness.RestartAsync();
        var firstResults = await Task.WhenAll(first);

        // Callers that got an error retry with the same idempotency key, as the API's clients do.
        var retried = await Task.WhenAll(keys.Select(i => i < 200 && firstResults[i] is not null ? Task.FromResult(firstResults[i]) : TryPlaceAsync(i, attempts: 5)));
        Assert.All(retried, Assert.NotNull);
        Assert.Equal(100, retried.Count(v => v!.Status == OrderStatus.ReleasedToWarehouse));
        var slot = await _harness.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-RST", "WH-SH")).GetSnapshot();
        Assert.Equal(100, slot.Reserved);

        async Task<OrderView?> TryPlaceAsync(int i, int attempts = 1)
        {
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                try
                {
                    return await _harness.Grains.GetGrain<IOrderGrain>($"RST-{i}").Place(Order($"C-RST-{i}", Shanghai, ("SKU-RST", 1)), Cmd($"p{i}"));
                }
                catch (Exception exception) when (exception is SiloUnavailableException or GrainCallTimeoutException or StorageUnavailableException or InconsistentStateException)
                {
                }
            }

            return null;
        }
    }

    [Fact]
    public async Task Ship_together_lines_are_never_split()
    {
        await StockAsync(Grains, "SKU-GIFT", "WH-SH", 5);
        await StockAsync(Grains, "SKU-WRAP", "WH-BJ", 5);
        var order = new PlaceOrder("C-STD", "web", [new OrderLineInput("SKU-GIFT", 1, 99m, "g1"), new OrderLineInput("SKU-WRAP", 1, 5m, "g1")], AddressIn(Shanghai));

        var backordered = await Grains.GetGrain<IOrderGrain>("TOGETHER-1").Place(order with { CustomerId = "C-T1" }, Cmd("p"));
        Assert.Equal(OrderStatus.Backordered, backordered.Status);

        await StockAsync(Grains, "SKU-WRAP", "WH-SH", 5);
        var placed = await Grains.GetGrain<IOrderGrain>("TOGETHER-2").Place(order with { CustomerId = "C-T2" }, Cmd("p"));
        Assert.Equal("WH-SH", Assert.Single(placed.Shipments).WarehouseId);
    }

    [Fact]
    public async Task Customer_who_refuses_splits_gets_one_shipment_or_a_backorder()
    {
        await StockAsync(Grains, "SKU-X", "WH-SH", 5);
        await StockAsync(Grains, "SKU-Y", "WH-GZ", 5);

        var refused = await Grains.GetGrain<IOrderGrain>("NOSPLIT-1").Place(Order("C-NOSPLIT", Shanghai, ("SKU-X", 1), ("SKU-Y", 1)), Cmd("p"));
        Assert.Equal(OrderStatus.Backordered, refused.Status);

        var split = await Grains.GetGrain<IOrderGrain>("SPLIT-1").Place(Order("C-STD", Shanghai, ("SKU-X", 1), ("SKU-Y", 1)), Cmd("p"));
        Assert.Equal(2, split.Shipments.Count);
    }

    [Fact]
    public async Task Vip_order_that_no_warehouse_can_deliver_within_the_sla_is_flagged()
    {
        await StockAsync(Grains, "SKU-FAR", "WH-GZ", 5);
        var urumqi = new GeoPoint(43.8256, 87.6168);

        var placed = await Grains.GetGrain<IOrderGrain>("VIP-FAR").Place(Order("C-VIP", urumqi, ("SKU-FAR", 1)), Cmd("p"));
        Assert.Contains("vip-sla-at-risk", placed.Flags);
        Assert.Contains(await Grains.GetGrain<IOrderGrain>("VIP-FAR").GetTimeline(), e => e.Type == "SlaAtRisk");

        await StockAsync(Grains, "SKU-NEAR", "WH-SH", 5);
        var near = await Grains.GetGrain<IOrderGrain>("VIP-NEAR").Place(Order("C-VIP", Shanghai, ("SKU-NEAR", 1)), Cmd("p"));
        Assert.DoesNotContain("vip-sla-at-risk", near.Flags);
    }

    [Fact]
    public async Task Warehouse_capacity_is_respected()
    {
        await Grains.GetGrain<IWarehouseGrain>("WH-SH").SetDailyCapacity(2);
        await StockAsync(Grains, "SKU-CAP", "WH-SH", 10);

        var views = new List<OrderView>();
        for (var i = 0; i < 4; i++)
        {
            views.Add(await Grains.GetGrain<IOrderGrain>($"CAP-{i}").Place(Order($"C-CAP-{i}", Shanghai, ("SKU-CAP", 1)), Cmd("p")));
        }

        Assert.Equal(2, views.Count(v => v.Status == OrderStatus.ReleasedToWarehouse));
        Assert.Equal(2, views.Count(v => v.Status == OrderStatus.Backordered));
        Assert.Equal(2, (await Grains.GetGrain<IWarehouseGrain>("WH-SH").GetSnapshot()).BacklogUnits);
        Assert.Equal(2, (await Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-CAP", "WH-SH")).GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Warehouse_outage_reroutes_every_unpicked_order_and_none_stays_on_the_offline_warehouse()
    {
        await StockAsync(Grains, "SKU-O", "WH-SH", 30);
        await StockAsync(Grains, "SKU-O", "WH-BJ", 20);
        var orders = Enumerable.Range(0, 30).Select(i => Grains.GetGrain<IOrderGrain>($"OUT-{i}")).ToList();
        await Task.WhenAll(orders.Select((o, i) => o.Place(Order($"C-OUT-{i}", Shanghai, ("SKU-O", 1)), Cmd("p"))));
        Assert.All(await Task.WhenAll(orders.Select(o => o.Get())), v => Assert.Equal("WH-SH", v.Shipments.Single().WarehouseId));

        await Grains.GetGrain<IWarehouseGrain>("WH-SH").SetStatus(WarehouseStatus.Offline, "power outage");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<OrderView> views;
        do
        {
            await Task.Delay(100);
            views = await Task.WhenAll(orders.Select(o => o.Get()));
        }
        while (views.Any(v => v.Shipments.Any(s => s.WarehouseId == "WH-SH" && s.Status != ShipmentStatus.Cancelled)) && DateTime.UtcNow < deadline);

        Assert.All(views, v => Assert.DoesNotContain(v.Shipments, s => s.WarehouseId == "WH-SH" && s.Status != ShipmentStatus.Cancelled));
        Assert.Equal(20, views.Count(v => v.Status == OrderStatus.ReleasedToWarehouse));
        Assert.Equal(10, views.Count(v => v.Status == OrderStatus.Backordered));
        foreach (var order in orders)
        {
            var rerouted = (await order.GetTimeline()).Single(e => e.Type == "Rerouted");
            Assert.Contains("power outage", rerouted.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-O", "WH-SH")).GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task A_per_order_outage_notice_stored_by_an_earlier_version_still_reroutes_its_order()
    {
        await StockAsync(Grains, "SKU-L", "WH-SH", 5);
        await StockAsync(Grains, "SKU-L", "WH-BJ", 5);
        var order = Grains.GetGrain<IOrderGrain>("LEGACY-1");
        Assert.Equal("WH-SH", (await order.Place(Order("C-LEGACY", Shanghai, ("SKU-L", 1)), Cmd("p"))).Shipments.Single().WarehouseId);

        await _harness.Silo.Services.GetStreamProvider(StockStreams.Provider).GetStream<WarehouseOutage>(WarehouseStreams.Outages, "LEGACY-1")
            .OnNextAsync(new WarehouseOutage("WH-SH", WarehouseStatus.Offline, "old notice", DateTimeOffset.UtcNow));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await order.Get()).Shipments.Any(s => s.WarehouseId == "WH-SH" && s.Status != ShipmentStatus.Cancelled) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal("WH-BJ", (await order.Get()).Shipments.Single(s => s.Status != ShipmentStatus.Cancelled).WarehouseId);
        Assert.Contains("old notice", (await order.GetTimeline()).Single(e => e.Type == "Rerouted").Reason, StringComparison.Ordinal);
    }
}
