using System.Text.Json;
using OrderGrains.Grains.Webhooks;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Domain.Tests.Webhooks;

public sealed class WebhookEventMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_order_raises_a_status_change_from_no_status()
    {
        var events = WebhookEventMapper.Map(Change(OrderStatus.ReleasedToWarehouse, previous: null, "OrderPlaced", "Allocated"));
        var e = Assert.Single(events);
        Assert.Equal(WebhookEventTypes.OrderStatusChanged, e.EventType);
        using var json = JsonDocument.Parse(e.Payload);
        Assert.Equal(e.EventId, json.RootElement.GetProperty("id").GetString());
        Assert.Equal("releasedToWarehouse", json.RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("data").GetProperty("previousStatus").ValueKind);
        Assert.Equal(At, json.RootElement.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public void A_change_without_a_new_status_or_a_mapped_timeline_event_raises_nothing()
    {
        Assert.Empty(WebhookEventMapper.Map(Change(OrderStatus.Allocated, OrderStatus.Allocated, "AddressChanged", "Allocated")));
    }

    [Theory]
    [InlineData("Rerouted", WebhookEventTypes.OrderRerouted)]
    [InlineData("PromiseAtRisk", WebhookEventTypes.PromiseAtRisk)]
    [InlineData("SlaAtRisk", WebhookEventTypes.PromiseAtRisk)]
    public void Mapped_timeline_events_raise_their_webhook_event_once(string timelineType, string expected)
    {
        var events = WebhookEventMapper.Map(Change(OrderStatus.ReleasedToWarehouse, OrderStatus.ReleasedToWarehouse, timelineType, "Allocated", timelineType));
        Assert.Equal([expected], events.Select(e => e.EventType));
    }

    [Fact]
    public void Event_ids_are_stable_per_order_version_and_type()
    {
        var change = Change(OrderStatus.Cancelled, OrderStatus.ReleasedToWarehouse, "OrderCancelled", "Rerouted");
        var once = WebhookEventMapper.Map(change);
        var again = WebhookEventMapper.Map(change);
        Assert.Equal(once.Select(e => e.EventId), again.Select(e => e.EventId));
        Assert.Equal(2, once.Select(e => e.EventId).Distinct().Count());
        Assert.NotEqual(once[0].EventId, WebhookEventMapper.Map(change with { Version = change.Version + 1 })[0].EventId);
        Assert.Equal(WebhookIds.EventId("ORD-1", change.Version, WebhookEventTypes.OrderStatusChanged), once[0].EventId);
    }

    private static OrderChanged Change(OrderStatus status, OrderStatus? previous, params string[] eventTypes) =>
        new("ORD-1", "C-1", "web", status, previous, eventTypes, 42.5m, 3, ["WH-1"], false, At.AddMinutes(-5), At, 7);
}
