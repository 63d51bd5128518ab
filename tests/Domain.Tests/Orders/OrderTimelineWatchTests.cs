using System.Diagnostics;
using OrderGrains.Interfaces.Orders;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Orders;

public sealed class OrderTimelineWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);

    private DomainHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync();
        await StandardAsync(Grains);
        await StockAsync(Grains, "SKU-W", "WH-SH", 50);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Existing_events_after_the_position_come_back_at_once()
    {
        var placed = await PlaceAsync("W-1");
        var timeline = await Grains.GetGrain<IOrderGrain>("W-1").GetTimeline();

        var all = await Watch("W-1").WatchTimeline(0, LongWait, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var later = await Watch("W-1").WatchTimeline(2, LongWait, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(timeline.Select(e => e.Sequence), all.Select(e => e.Sequence));
        Assert.Equal(timeline.Skip(2).Select(e => e.Sequence), later.Select(e => e.Sequence));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, placed.Status);
    }

    [Fact]
    public async Task A_waiting_watcher_does_not_hold_back_commands_and_wakes_with_their_events()
    {
        var placed = await PlaceAsync("W-2");
        var order = Grains.GetGrain<IOrderGrain>("W-2");
        var last = (await order.GetTimeline()).Count;
        var watchers = Enumerable.Range(0, 3).Select(_ => Watch("W-2").WatchTimeline(last, LongWait, CancellationToken.None)).ToList();

        // Were the wait held in the order, the command would queue behind it for the whole 30 s.
        var picked = await order.RecordShipmentEvent(new ShipmentEvent(placed.Shipments[0].ShipmentId, ShipmentEventKind.Picked, DateTimeOffset.UtcNow), Cmd("pick"))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(OrderStatus.Picked, picked.Status);
        foreach (var watcher in watchers)
        {
            var events = await watcher.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(["ShipmentPicked"], events.Select(e => e.Type));
            Assert.Equal(last + 1, events[0].Sequence);
        }
    }

    [Fact]
    public async Task Watch_with_nothing_new_ends_empty_when_its_wait_is_over()
    {
        await PlaceAsync("W-3");
        var last = (await Grains.GetGrain<IOrderGrain>("W-3").GetTimeline()).Count;
        var clock = Stopwatch.StartNew();

        var events = await Watch("W-3").WatchTimeline(last, TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(events);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelled_watch_ends_early()
    {
        await PlaceAsync("W-4");
        var last = (await Grains.GetGrain<IOrderGrain>("W-4").GetTimeline()).Count;
        using var cancel = new CancellationTokenSource();
        var watch = Watch("W-4").WatchTimeline(last, LongWait, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Watching_an_order_that_does_not_exist_is_refused()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Watch("W-NONE").WatchTimeline(0, LongWait, CancellationToken.None));
        Assert.Equal("order.not-found", error.Code);
    }

    private IOrderTimelineWatchGrain Watch(string orderId) => Grains.GetGrain<IOrderTimelineWatchGrain>(orderId);

    /// <summary>Places an order of its own customer (one customer's identical orders would be held as duplicates).</summary>
    private async Task<OrderView> PlaceAsync(string orderId)
    {
        await CustomerAsync(Grains, $"C-{orderId}");
        return await Grains.GetGrain<IOrderGrain>(orderId).Place(Order($"C-{orderId}", Shanghai, ("SKU-W", 1)), Cmd($"place-{orderId}"));
    }
}
