using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using OrderGrains.ClientApi.Apis;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Api.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookTestHost fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Status_changes_are_delivered_signed_and_once_per_change()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await fixture.SubscribeAsync(receiver, WebhookEventTypes.OrderStatusChanged);

        var order = await fixture.PlaceOrderAsync(customer: 1, sku: 1);
        var placed = await receiver.WaitForAsync(r => r.Any(w => w.OrderId == order.OrderId), Wait, "the placement's status change");
        var first = placed.First(w => w.OrderId == order.OrderId);
        Assert.Equal(WebhookEventTypes.OrderStatusChanged, first.Type);
        Assert.Equal("application/json; charset=utf-8", first.Header("Content-Type"));
        Assert.Equal(WebhookIds.EventId(order.OrderId, order.Version, WebhookEventTypes.OrderStatusChanged), first.EventId);
        Assert.Equal(first.EventId, first.Header("OrderGrains-Event-Id"));
        Assert.Equal($"{subscription.Id}.{first.EventId}", first.Header("OrderGrains-Delivery-Id"));
        Assert.True(SignatureIsValid(subscription.Secret, first.Header(WebhookSignature.Header), first.Body), "HMAC-SHA256 over t.body with the secret");
        Assert.False(SignatureIsValid("whsec_wrong", first.Header(WebhookSignature.Header), first.Body));

        var cancelled = await fixture.Host.Grains.GetGrain<IOrderGrain>(order.OrderId).Cancel(null, "customer changed their mind", WebhookTestHost.Command());
        var all = await receiver.WaitForAsync(r => r.Any(w => w.OrderId == order.OrderId && w.Status == "cancelled"), Wait, "the cancellation's status change");

        // At least once: a duplicate may arrive, but deduped by id there is exactly one event per status change.
        var events = all.Where(w => w.OrderId == order.OrderId).GroupBy(w => w.EventId).Select(g => g.First()).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal([order.Version, cancelled.Version], events.Select(e => e.Version).Order().ToList());
        Assert.All(events, e => Assert.Equal(WebhookIds.EventId(order.OrderId, e.Version, e.Type), e.EventId));

        var log = await WebhookTestHost.EventuallyAsync(
            () => fixture.DeliveriesAsync(subscription.Id),
            d => d.Count(x => x.OrderId == order.OrderId && x.Status == WebhookDeliveryStatus.Delivered) == 2,
            Wait,
            "both deliveries in the log");
        Assert.All(log.Where(x => x.OrderId == order.OrderId), d => Assert.Equal([200], d.AttemptLog.Select(a => a.StatusCode ?? 0)));
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_the_delivery_on_the_third_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, earlier) => earlier.Count < 2 ? 503 : 200;
        var subscription = await fixture.SubscribeAsync(receiver, WebhookEventTypes.OrderStatusChanged);

        var order = await fixture.PlaceOrderAsync(customer: 2, sku: 2);
        var received = await receiver.WaitForAsync(r => r.Any(w => w.OrderId == order.OrderId && w.AnsweredStatus == 200), Wait, "a successful attempt");
        var attempts = received.Where(w => w.OrderId == order.OrderId).ToList();
        Assert.Equal([503, 503, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
        Assert.Equal(["1", "2", "3"], attempts.Select(a => a.Header("OrderGrains-Delivery-Attempt")));

        var deliveries = await WebhookTestHost.EventuallyAsync(
            () => fixture.DeliveriesAsync(subscription.Id),
            d => d.Any(x => x.OrderId == order.OrderId && x.Status == WebhookDeliveryStatus.Delivered),
            Wait,
            "the delivery in the log");
        var delivery = deliveries.Single(x => x.OrderId == order.OrderId);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal([503, 503, 200], delivery.AttemptLog.Select(a => a.StatusCode ?? 0));
        Assert.Equal("HTTP 503", delivery.AttemptLog[0].Error);
        Assert.Null(delivery.LastError);
    }

    [Fact]
    public async Task A_failing_receiver_opens_the_circuit_then_dead_letters_are_replayed_once_it_recovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => 500;
        var subscription = await fixture.SubscribeAsync(receiver, WebhookEventTypes.OrderStatusChanged);
        using var admin = fixture.Admin();

        var order = await fixture.PlaceOrderAsync(customer: 3, sku: 3);
        await receiver.WaitForAsync(r => r.Count(w => w.OrderId == order.OrderId) >= WebhookTestHost.CircuitThroughput, Wait, "failures that open the circuit");
        await WebhookTestHost.EventuallyAsync(
            async () => await (await admin.GetAsync($"/api/v1/webhooks/{subscription.Id}")).ReadAsync<WebhookDetailsResponse>(),
            d => d.Health.Circuit == WebhookCircuitState.Open,
            Wait,
            "an open circuit");

        // While the circuit is open a new delivery waits instead of spending attempts.
        await fixture.Host.Grains.GetGrain<IOrderGrain>(order.OrderId).Cancel(null, "test", WebhookTestHost.Command());
        var letters = await WebhookTestHost.EventuallyAsync(
            () => fixture.DeadLettersAsync(subscription.Id),
            d => d.Count(x => x.OrderId == order.OrderId) == 2,
            Wait,
            "both deliveries dead-lettered");
        var sent = receiver.Received.Where(w => w.OrderId == order.OrderId).ToList();
        Assert.Equal(WebhookTestHost.CircuitThroughput, sent.Count);
        Assert.True(sent.Count < WebhookTestHost.MaxAttempts, "the open circuit stopped the attempts before the budget ran out");
        var placedLetter = letters.Single(l => l.EventId == sent[0].EventId);
        var cancelledLetter = letters.Single(l => l.EventId != sent[0].EventId);
        Assert.Equal(WebhookTestHost.CircuitThroughput, placedLetter.Attempts);
        Assert.Equal(0, cancelledLetter.Attempts);
        Assert.Contains("circuit", cancelledLetter.LastError, StringComparison.Ordinal);
        Assert.Equal(WebhookDeliveryStatus.DeadLettered, placedLetter.Status);

        receiver.Respond = (_, _) => 200;
        using var one = await admin.PostAsync($"/api/v1/webhooks/dead-letters/{placedLetter.DeliveryId}/replay", null);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(1, (await one.ReadAsync<WebhookReplayResult>()).Replayed);
        await receiver.WaitForAsync(r => r.Any(w => w.EventId == placedLetter.EventId && w.AnsweredStatus == 200), Wait, "the replayed delivery");

        using var all = await admin.PostAsync($"/api/v1/webhooks/dead-letters/replay?subscriptionId={subscription.Id}", null);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(1, (await all.ReadAsync<WebhookReplayResult>()).Replayed);
        await receiver.WaitForAsync(r => r.Any(w => w.EventId == cancelledLetter.EventId && w.AnsweredStatus == 200), Wait, "the second replayed delivery");

        var log = await WebhookTestHost.EventuallyAsync(
            () => fixture.DeliveriesAsync(subscription.Id),
            d => d.Count(x => x.OrderId == order.OrderId && x.Status == WebhookDeliveryStatus.Delivered) == 2,
            Wait,
            "both replays delivered");
        Assert.All(log.Where(x => x.OrderId == order.OrderId), d => Assert.Equal(1, d.Replays));
        Assert.Empty(await fixture.DeadLettersAsync(subscription.Id));

        using var again = await admin.PostAsync($"/api/v1/webhooks/dead-letters/{placedLetter.DeliveryId}/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("webhook.delivery.not-found", await again.ProblemCodeAsync());
    }

    [Fact]
    public async Task A_reroute_is_delivered_only_to_subscribers_of_reroutes()
    {
        await using var reroutes = await WebhookReceiver.StartAsync();
        await using var statuses = await WebhookReceiver.StartAsync();
        await fixture.SubscribeAsync(reroutes, WebhookEventTypes.OrderRerouted);
        await fixture.SubscribeAsync(statuses, WebhookEventTypes.OrderStatusChanged);

        var order = await fixture.PlaceOrderAsync(customer: 4, sku: 4);
        var from = order.Shipments[0].WarehouseId;
        var rerouted = await fixture.Host.Grains.GetGrain<IOrderGrain>(order.OrderId).Reroute(from, "warehouse flooded", WebhookTestHost.Command());

        var received = await reroutes.WaitForAsync(r => r.Any(w => w.OrderId == order.OrderId), Wait, "the reroute");
        var reroute = received.First(w => w.OrderId == order.OrderId);
        Assert.Equal(WebhookEventTypes.OrderRerouted, reroute.Type);
        Assert.Equal(rerouted.Version, reroute.Version);
        Assert.All(received, w => Assert.Equal(WebhookEventTypes.OrderRerouted, w.Type));

        // The status subscriber got the placement (its last event for this order), never the reroute.
        await statuses.WaitForAsync(r => r.Any(w => w.OrderId == order.OrderId), Wait, "the placement");
        Assert.DoesNotContain(statuses.Received, w => w.Type == WebhookEventTypes.OrderRerouted);
    }

    [Fact]
    public async Task A_deleted_subscription_receives_no_more_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await fixture.SubscribeAsync(receiver, WebhookEventTypes.OrderStatusChanged);
        var first = await fixture.PlaceOrderAsync(customer: 5, sku: 5);
        await receiver.WaitForAsync(r => r.Any(w => w.OrderId == first.OrderId), Wait, "the first order");

        using var admin = fixture.Admin();
        using var deleted = await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        // A second subscriber proves the later change went through the feed while the deleted one stayed silent.
        await using var witness = await WebhookReceiver.StartAsync();
        await fixture.SubscribeAsync(witness, WebhookEventTypes.OrderStatusChanged);
        var second = await fixture.PlaceOrderAsync(customer: 6, sku: 6);
        await witness.WaitForAsync(r => r.Any(w => w.OrderId == second.OrderId), Wait, "the witness's delivery");
        Assert.DoesNotContain(receiver.Received, w => w.OrderId == second.OrderId);
    }

    /// <summary>Verifies the signature the way a receiver in any language would: HMAC-SHA256(secret, "{t}.{body}").</summary>
    private static bool SignatureIsValid(string secret, string? header, byte[] body)
    {
        var parts = (header ?? string.Empty).Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(long.Parse(t, CultureInfo.InvariantCulture));
        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return age.Duration() < TimeSpan.FromMinutes(5) && Convert.ToHexStringLower(expected) == v1;
    }
}
