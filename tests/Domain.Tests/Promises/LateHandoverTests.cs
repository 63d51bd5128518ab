using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains.Promises;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Runtime.Testing;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Promises;

/// <summary>A shipment still at the warehouse after its promised hand-over is caught by the watch, before it ships.</summary>
public sealed class LateHandoverTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));

    private async Task<(DomainHarness Harness, OrderView Order)> PlaceAsync()
    {
        // The watch's own reminder is kept out of the way (a 30-day period): the tests take each look themselves
        // instead of racing the reminder that a jump of the fake clock fires.
        var harness = await DomainHarness.StartAsync(services => services
            .AddSingleton<TimeProvider>(_clock)
            .Configure<PromiseOptions>(o => o.WatchInterval = TimeSpan.FromDays(30)));
        await ConfigureAsync(harness.Grains, ("WH-SH", "Shanghai", Shanghai));
        await StockAsync(harness.Grains, "SKU-1", "WH-SH", 50);
        await CustomerAsync(harness.Grains, "C1");
        var order = await harness.Grains.GetGrain<IOrderGrain>("ORD-LATE").Place(Order("C1", Beijing, ("SKU-1", 5)), Cmd("place"));
        return (harness, order);
    }

    [Fact]
    public async Task A_promise_says_when_the_carrier_should_have_the_shipment()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;

        var shipment = Assert.Single(order.Shipments);
        var handover = Assert.IsType<DateTimeOffset>(shipment.Promise?.HandoverBy);
        Assert.InRange(handover, _clock.GetUtcNow(), shipment.PromisedBy);
    }

    [Fact]
    public async Task A_shipment_within_its_handover_time_is_not_reevaluated()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        _clock.Advance((order.Shipments[0].Promise!.HandoverBy!.Value - _clock.GetUtcNow()) / 2);

        var check = await harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH").Check();

        Assert.Equal(0, check.OrdersNotified);
        Assert.Null((await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).Get()).Shipments[0].Promise!.ReevaluatedAt);
    }

    [Fact]
    public async Task A_shipment_not_picked_near_its_committed_date_is_at_risk_before_it_ships_and_only_once()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        var watch = harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH");
        _clock.Advance(order.Shipments[0].PromisedBy.AddHours(-3) - _clock.GetUtcNow());

        var check = await watch.Check();

        Assert.Equal((1, 1), (check.OrdersNotified, check.Overdue));
        var timeline = await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).GetTimeline();
        var atRisk = Assert.Single(timeline, e => e.Type == "PromiseAtRisk");
        Assert.Contains("not with the carrier by", atRisk.Reason);
        Assert.True(double.Parse(atRisk.Context["probability"], System.Globalization.CultureInfo.InvariantCulture) < 0.85);
        var updated = await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).Get();
        Assert.Equal(ShipmentStatus.ReleasedToWarehouse, updated.Shipments[0].Status);

        // Told once: the next look finds nothing new.
        var again = await watch.Check();
        Assert.Equal(0, again.Overdue);
        Assert.Single(await harness.Grains.GetGrain<IOrderGrain>(order.OrderId).GetTimeline(), e => e.Type == "PromiseAtRisk");

        // The renewed promise is watched from its own hand-over time: a second delay is caught too.
        var renewed = Assert.IsType<DateTimeOffset>(updated.Shipments[0].Promise?.HandoverBy);
        Assert.True(renewed > _clock.GetUtcNow());
        _clock.Advance(renewed.AddHours(1) - _clock.GetUtcNow());
        Assert.Equal(1, (await watch.Check()).Overdue);
    }

    [Fact]
    public async Task A_shipped_order_is_no_longer_watched_for_its_handover()
    {
        var (harness, order) = await PlaceAsync();
        await using var _ = harness;
        var grain = harness.Grains.GetGrain<IOrderGrain>(order.OrderId);
        var shipment = order.Shipments[0];
        await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Picked, _clock.GetUtcNow()), Cmd("pick"));
        await grain.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Shipped, _clock.GetUtcNow()), Cmd("ship"));
        _clock.Advance(shipment.Promise!.HandoverBy!.Value.AddHours(1) - _clock.GetUtcNow());

        var check = await harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH").Check();

        Assert.Equal(0, check.Overdue);
    }
}
