using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using static OrderGrains.Api.Tests.Orders.OrderApiClient;

namespace OrderGrains.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class OrderLifecycleApiTests(ApiHost host)
{
    [Fact]
    public Task Order_goes_from_placement_through_delivery_and_a_reviewed_return_to_refund() => RunFullLifecycleAsync(host);

    /// <summary>Place, allocate, promise, pick, ship, deliver, request a return, decide it, receive it, refund; checked at every step.</summary>
    internal static async Task RunFullLifecycleAsync(ApiHost host)
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "lifecycle-shop");
        using var operations = host.Client(ApiRoles.Operations);
        using var service = host.Client(ApiRoles.CustomerService);

        // A standard-tier customer, so an unclassifiable return reason goes to a person.
        var customer = host.Network.Customers.Select((c, i) => (c, i)).Last(x => x.c.Tier == CustomerTier.Standard).i;
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer, sku: 41, quantity: 2), "lifecycle-place");
        var id = placed.OrderId;
        Assert.Equal(OrderStatus.ReleasedToWarehouse, placed.Status);
        var shipment = Assert.Single(placed.Shipments).ShipmentId;
        var timeline = await channel.TimelineAsync(id);
        AssertGapless(timeline);
        AssertInOrder(timeline, "OrderPlaced", "OrderValidated", "Allocated", "Promised", "ReleasedToWarehouse");

        var picked = await operations.ShipmentEventAsync(id, shipment, ShipmentEventKind.Picked, "lifecycle-pick");
        Assert.Equal(OrderStatus.Picked, picked.Status);
        Assert.Equal(ShipmentStatus.Picked, picked.Shipments[0].Status);
        timeline = await AssertNewEventsAsync(channel, id, timeline, "ShipmentPicked");

        var shipped = await operations.ShipmentEventAsync(id, shipment, ShipmentEventKind.Shipped, "lifecycle-ship", "SF Express", "SF1234567");
        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.Equal(("SF Express", "SF1234567"), (shipped.Shipments[0].Carrier, shipped.Shipments[0].TrackingNumber));
        timeline = await AssertNewEventsAsync(channel, id, timeline, "ShipmentShipped");
        Assert.Equal("SF1234567", timeline[^1].Context["tracking"]);

        var delivered = await operations.ShipmentEventAsync(id, shipment, ShipmentEventKind.Delivered, "lifecycle-deliver");
        Assert.Equal(OrderStatus.Delivered, delivered.Status);
        Assert.NotNull(delivered.Shipments[0].DeliveredAt);
        timeline = await AssertNewEventsAsync(channel, id, timeline, "ShipmentDelivered");

        var requested = await channel.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{id}/returns",
            new CreateReturnRequest([new ReturnLineRequest("L1", 1)], "hmm, something about it"), "lifecycle-return");
        Assert.Equal(OrderStatus.ReturnRequested, requested.Status);
        Assert.Equal(("ManualReview", "Other"), (requested.Return!.Decision, requested.Return.Category));
        timeline = await AssertNewEventsAsync(channel, id, timeline, "ReturnRequested");

        // The channel asked for the return; only customer service decides it.
        using (var refused = await channel.PostJsonAsync($"{OrdersPath}/{id}/returns/decision", new ReturnDecisionRequest(true, "own approval")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var approved = await service.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{id}/returns/decision", new ReturnDecisionRequest(true, "checked the photos"), "lifecycle-decide");
        Assert.Equal(OrderStatus.ReturnApproved, approved.Status);
        Assert.Equal("Approved", approved.Return!.Decision);
        timeline = await AssertNewEventsAsync(channel, id, timeline, "ReturnApproved");
        Assert.Equal("checked the photos", timeline[^1].Reason);

        var refunded = await operations.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{id}/returns/receive",
            new ReceiveReturnRequest([new ReceivedLineRequest("L1", 1, Sellable: true)]), "lifecycle-receive");
        Assert.Equal(OrderStatus.Refunded, refunded.Status);
        Assert.Equal(placed.Lines[0].UnitPrice, refunded.Return!.RefundAmount);
        timeline = await AssertNewEventsAsync(channel, id, timeline, "ReturnReceived", "Refunded");
        Assert.Equal(OrderStatus.Refunded, (await channel.GetOrderAsync(id)).Status);
        Assert.True(refunded.Version > delivered.Version);
    }

    [Fact]
    public async Task Shipment_events_are_refused_out_of_order_and_for_unknown_shipments()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "lifecycle-shop");
        using var operations = host.Client(ApiRoles.Operations);
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer: 5, sku: 43, quantity: 3), "lifecycle-out-of-order");

        using var early = await operations.PostJsonAsync($"{OrdersPath}/{placed.OrderId}/shipments/{placed.Shipments[0].ShipmentId}/events",
            new ShipmentEventRequest(ShipmentEventKind.Delivered, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("order.invalid-transition", await early.ProblemCodeAsync());

        using var unknown = await operations.PostJsonAsync($"{OrdersPath}/{placed.OrderId}/shipments/no-such-shipment/events",
            new ShipmentEventRequest(ShipmentEventKind.Picked, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("shipment.not-found", await unknown.ProblemCodeAsync());

        // Channel systems do not report warehouse events.
        using var forbidden = await channel.PostJsonAsync($"{OrdersPath}/{placed.OrderId}/shipments/{placed.Shipments[0].ShipmentId}/events",
            new ShipmentEventRequest(ShipmentEventKind.Picked, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(placed.Version, (await channel.GetOrderAsync(placed.OrderId)).Version);
    }

    [Fact]
    public async Task A_possible_duplicate_is_held_until_released()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "lifecycle-shop");
        // Both orders need their stock: the SKU with the most units of the upper half of the catalogue.
        var sku = Enumerable.Range(30, 30).MaxBy(i => host.Network.Stock.Where(s => s.Sku == host.Network.Skus[i].Sku).Sum(s => s.OnHand - s.SafetyStock));
        var order = ApiTestData.Order(host, customer: 6, sku: sku, quantity: 1);
        await channel.PlaceAsync(order, "hold-first");
        var held = await channel.PlaceAsync(order, "hold-second");
        Assert.Equal(OrderStatus.OnHold, held.Status);

        var released = await channel.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{held.OrderId}/release-hold", (object?)null, "hold-release");

        Assert.Equal(OrderStatus.ReleasedToWarehouse, released.Status);
        Assert.Null(released.HoldReason);
        AssertInOrder(await channel.TimelineAsync(held.OrderId), "OrderHeld", "HoldReleased", "Allocated", "ReleasedToWarehouse");
        using var again = await channel.PostJsonAsync($"{OrdersPath}/{held.OrderId}/release-hold", (object?)null, "hold-release-again");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("order.invalid-transition", await again.ProblemCodeAsync());
    }

    [Fact]
    public async Task Retry_allocation_of_a_backordered_order_records_another_attempt()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        var backordered = await service.PlaceAsync(ApiTestData.Order(host, customer: 7, sku: 45, quantity: 9_999), "retry-place");
        Assert.Equal(OrderStatus.Backordered, backordered.Status);
        var before = (await service.TimelineAsync(backordered.OrderId)).Count(e => e.Type == "Backordered");

        var retried = await service.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{backordered.OrderId}/retry-allocation", (object?)null, "retry-1");

        Assert.Equal(OrderStatus.Backordered, retried.Status);
        Assert.Equal(before + 1, (await service.TimelineAsync(backordered.OrderId)).Count(e => e.Type == "Backordered"));
        Assert.True(retried.Version > backordered.Version);
    }

    /// <summary>The timeline now: the events since <paramref name="before"/> include <paramref name="types"/> in order; none was lost or renumbered.</summary>
    private static async Task<IReadOnlyList<TimelineEvent>> AssertNewEventsAsync(HttpClient client, string orderId, IReadOnlyList<TimelineEvent> before, params string[] types)
    {
        var now = await client.TimelineAsync(orderId);
        AssertGapless(now);
        Assert.Equal(before, now.Take(before.Count), TimelineComparer.Instance);
        AssertInOrder(now.Skip(before.Count), types);
        return now;
    }

    private sealed class TimelineComparer : IEqualityComparer<TimelineEvent>
    {
        public static readonly TimelineComparer Instance = new();

        public bool Equals(TimelineEvent? x, TimelineEvent? y) => (x?.Sequence, x?.Type, x?.At) == (y?.Sequence, y?.Type, y?.At);

        public int GetHashCode(TimelineEvent obj) => obj.Sequence.GetHashCode();
    }
}
