using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains.Orders;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Storage;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Orders;

/// <summary>An order is its journal (one record per accepted command) folded onto its latest snapshot.</summary>
public sealed class OrderJournalTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private DomainHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    private IRuntimeStore Store => _harness.Silo.Services.GetServices<RuntimeStoreRegistration>().First().Store;

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync();
        await StandardAsync(Grains);
        await StockAsync(Grains, "SKU-A", "WH-SH", 100);
        await StockAsync(Grains, "SKU-B", "WH-SH", 100);
        await StockAsync(Grains, "SKU-A", "WH-BJ", 100);
        await StockAsync(Grains, "SKU-B", "WH-BJ", 100);
        await CustomerAsync(Grains, "C-1", CustomerTier.Vip);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Order_rebuilt_from_its_journal_matches_the_live_order_at_every_stage()
    {
        // Restarting between stages rebuilds the order from its journal each time.
        var live = await LifecycleAsync("ORD-J1", () => AssertSameAfterRestartAsync("ORD-J1"));
        Assert.Equal(live, await AssertSameAfterRestartAsync("ORD-J1"));

        // A replay after the rebuild is still recognised and changes nothing.
        var replayed = await Grains.GetGrain<IOrderGrain>("ORD-J1").Place(Order("C-1", Shanghai, ("SKU-A", 2), ("SKU-B", 1)), Cmd("place"));
        Assert.Equal(live, JsonSerializer.Serialize(replayed, Json));
    }

    [Fact]
    public async Task Folding_every_record_from_nothing_gives_the_live_state()
    {
        await LifecycleAsync("ORD-J0", () => Task.CompletedTask);

        // Final, so the order stored its whole live state as the snapshot: folding every record from nothing gives it.
        var (header, snapshot) = await ReadRowAsync("ORD-J0");
        Assert.Equal((9L, 9L), (header.Records, header.SnapshotAt));
        var folded = new OrderState();
        foreach (var record in await Store.ReadStreamAsync("events", new StreamId(OrderStreams.Timeline, "ORD-J0"), 0, 100, CancellationToken.None))
        {
            OrderFold.Apply(folded, JsonSerializer.Deserialize<OrderJournalRecord>(record.Payload, Json)!);
        }

        Assert.NotNull(snapshot!.Shipments.Single(s => s.Status == ShipmentStatus.Delivered).PickedAt);
        Assert.Equal(JsonSerializer.Serialize(snapshot, Json), JsonSerializer.Serialize(folded, Json));
    }

    [Fact]
    public async Task Journal_has_one_record_per_command_and_a_snapshot_every_sixteen()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-J2");
        await order.Place(Order("C-1", Shanghai, ("SKU-A", 1)), Cmd("place"));
        for (var i = 1; i <= 19; i++)
        {
            await order.ChangeAddress(AddressIn(i % 2 == 0 ? Shanghai : Beijing, $"City {i}"), Cmd($"address-{i}"));
        }

        var (header, snapshot) = await ReadRowAsync("ORD-J2");
        Assert.Equal((1, 20L, 16L), (header.Format, header.Records, header.SnapshotAt));
        Assert.NotNull(snapshot);
        Assert.Equal(16, snapshot.Version);
        Assert.True(header.Legacy is null or { Count: 0 });

        var records = await Store.ReadStreamAsync("events", new StreamId(OrderStreams.Timeline, "ORD-J2"), 0, 100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), records.Select(r => r.Sequence));
        var last = JsonSerializer.Deserialize<OrderJournalRecord>(records[^1].Payload, Json)!;
        Assert.Equal(20, last.Number);
        Assert.Contains(last.Changes, c => c is AddressChanged { ShipTo.City: "City 19" });
        Assert.Contains(last.Changes, c => c is CommandAccepted { IdempotencyKey: "address-19" });

        // Readable as the public timeline record too.
        var asTimeline = JsonSerializer.Deserialize<TimelineRecord>(records[^1].Payload, Json)!;
        Assert.Equal("AddressChanged", asTimeline.Events[0].Type);

        var live = await AssertSameAfterRestartAsync("ORD-J2");
        Assert.Contains("\"version\":20", live, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Final_order_is_snapshotted_and_rebuilds_from_the_snapshot_alone()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-J3");
        await order.Place(Order("C-1", Shanghai, ("SKU-A", 1)), Cmd("place"));
        await order.Cancel(null, "changed my mind", Cmd("cancel"));

        var (header, snapshot) = await ReadRowAsync("ORD-J3");
        Assert.Equal((2L, 2L), (header.Records, header.SnapshotAt));
        Assert.Equal(OrderStatus.Cancelled, snapshot!.Status);
        await AssertSameAfterRestartAsync("ORD-J3");
    }

    [Fact]
    public async Task Order_stored_as_one_row_before_journals_is_moved_into_a_snapshot()
    {
        var order = Grains.GetGrain<IOrderGrain>("ORD-J4");
        await order.Place(Order("C-1", Shanghai, ("SKU-A", 1)), Cmd("place"));
        await order.Cancel(null, "changed my mind", Cmd("cancel"));
        var view = JsonSerializer.Serialize(await order.Get(), Json);

        // The old layout: the whole order as the state row, no snapshot entry.
        var stored = await Store.ReadStateAsync(Id("ORD-J4"), "order", CancellationToken.None);
        var whole = stored!.Entries.Single(e => e.Key == "snapshot/snapshot").Payload;
        await WriteRowAsync("ORD-J4", whole, stored.Version, [new EntryChange("snapshot/snapshot", null)]);
        await _harness.RestartAsync();

        Assert.Equal(view, JsonSerializer.Serialize(await Grains.GetGrain<IOrderGrain>("ORD-J4").Get(), Json));
        var (header, snapshot) = await ReadRowAsync("ORD-J4");
        Assert.Equal((1, 2L, 2L), (header.Format, header.Records, header.SnapshotAt));
        Assert.True(header.Legacy is null or { Count: 0 });
        Assert.Equal(OrderStatus.Cancelled, snapshot!.Status);
        var refused = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IOrderGrain>("ORD-J4").RequestReturn(new ReturnRequest([new ReturnLine("L1", 1)], "x"), Cmd("return")));
        Assert.Equal("order.invalid-transition", refused.Code);
    }

    [Fact]
    public async Task Row_counting_records_the_journal_lacks_fails_the_activation_clearly()
    {
        await Grains.GetGrain<IOrderGrain>("ORD-J5").Place(Order("C-1", Shanghai, ("SKU-A", 1)), Cmd("place"));
        var stored = await Store.ReadStateAsync(Id("ORD-J5"), "order", CancellationToken.None);
        await WriteRowAsync("ORD-J5", Encoding.UTF8.GetBytes("""{"format":1,"records":3,"snapshotAt":0}"""), stored!.Version, []);
        await _harness.RestartAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IOrderGrain>("ORD-J5").Get());
        Assert.Contains("journal ends at record 1", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Places, edits, ships, delivers and returns an order for an exchange (nine commands, ending final), calling
    /// <paramref name="betweenStages"/> after the edits and after the return request; returns the final view.
    /// </summary>
    private async Task<string> LifecycleAsync(string orderId, Func<Task> betweenStages)
    {
        var order = Grains.GetGrain<IOrderGrain>(orderId);
        await order.Place(Order("C-1", Shanghai, ("SKU-A", 2), ("SKU-B", 1)), Cmd("place"));
        await order.ChangeAddress(AddressIn(Beijing, "Beijing"), Cmd("address"));
        await order.ChangeLines([new LineChange("L1", null, 3), new LineChange(null, "SKU-B", 2)], Cmd("lines"));
        await order.Cancel(["L2"], "not needed", Cmd("cancel-line"));
        await betweenStages();

        order = Grains.GetGrain<IOrderGrain>(orderId);
        var shipment = (await order.Get()).Shipments.Single(s => s.Status == ShipmentStatus.ReleasedToWarehouse);
        await order.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Picked, DateTimeOffset.UtcNow), Cmd("pick"));
        await order.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Shipped, DateTimeOffset.UtcNow, "SF Express", "SF9"), Cmd("ship"));
        await order.RecordShipmentEvent(new ShipmentEvent(shipment.ShipmentId, ShipmentEventKind.Delivered, DateTimeOffset.UtcNow), Cmd("deliver"));
        await order.RequestReturn(new ReturnRequest([new ReturnLine("L1", 1)], "arrived damaged", WantsExchange: true), Cmd("return"));
        await betweenStages();

        var received = await Grains.GetGrain<IOrderGrain>(orderId).ReceiveReturn([new ReceivedLine("L1", 1, Sellable: true)], Cmd("receive"));
        Assert.Equal(OrderStatus.Exchanged, received.Status);
        return JsonSerializer.Serialize(received, Json);
    }

    /// <summary>Restarts the silo and checks the rebuilt order (view and timeline) equals the live one; returns its view.</summary>
    private async Task<string> AssertSameAfterRestartAsync(string orderId)
    {
        var order = Grains.GetGrain<IOrderGrain>(orderId);
        var view = JsonSerializer.Serialize(await order.Get(), Json);
        var timeline = JsonSerializer.Serialize(await order.GetTimeline(), Json);
        await _harness.RestartAsync();

        var rebuilt = Grains.GetGrain<IOrderGrain>(orderId);
        Assert.Equal(view, JsonSerializer.Serialize(await rebuilt.Get(), Json));
        Assert.Equal(timeline, JsonSerializer.Serialize(await rebuilt.GetTimeline(), Json));
        return view;
    }

    private async Task<(OrderJournal Header, OrderState? Snapshot)> ReadRowAsync(string orderId)
    {
        var stored = await Store.ReadStateAsync(Id(orderId), "order", CancellationToken.None);
        var header = JsonSerializer.Deserialize<OrderJournal>(stored!.Payload!, Json)!;
        var snapshot = stored.Entries.SingleOrDefault(e => e.Key == "snapshot/snapshot") is { } entry ? JsonSerializer.Deserialize<OrderState>(entry.Payload, Json) : null;
        return (header, snapshot);
    }

    private async Task WriteRowAsync(string orderId, byte[] payload, long version, IReadOnlyList<EntryChange> entries)
    {
        var write = new StoreWrite { GrainId = Id(orderId), StateName = "order", Kind = StoreWriteKind.Upsert, Payload = payload, ExpectedVersion = version, EntryChanges = entries };
        await Store.WriteAsync([write], CancellationToken.None);
        Assert.Equal(StoreWriteOutcome.Committed, write.Outcome);
    }

    private static GrainId Id(string orderId) => new("order", orderId);
}
