using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Api.Tests.Webhooks;

/// <summary>Pending deliveries are durable: a silo stopped while an endpoint fails resumes them after a restart.</summary>
public sealed class WebhookRestartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pending_delivery_is_resumed_after_a_restart_with_its_attempts_counted()
    {
        using var directory = TestDirectory.Create();
        string[] settings =
        [
            $"--OrderGrains:Storage:ConnectionString={directory.SqliteConnectionString("restart.db")}",
            "--OrderGrains:Reminders:MinimumPeriod=00:00:01",
            "--OrderGrains:Webhooks:AllowPrivateNetworks=true",
            "--OrderGrains:Webhooks:WakeUpPeriod=00:00:01",

            // Every retry waits longer than the inline limit, so the delivery is parked between attempts.
            "--OrderGrains:Webhooks:RetryDelay=00:00:00.300",
            "--OrderGrains:Webhooks:MaxInlineRetryDelay=00:00:00.010",
            "--OrderGrains:Webhooks:MaxRetryDelay=00:00:00.500",
            "--OrderGrains:Webhooks:MaxAttempts=50",
            "--OrderGrains:Webhooks:CircuitMinimumThroughput=1000",
        ];
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => 503;

        string subscriptionId;
        string orderId;
        var first = await ApiHost.StartAsync(settings);
        try
        {
            using var admin = first.Client(ApiRoles.Admin);
            using var created = await admin.PostJsonAsync("/api/v1/webhooks", new CreateWebhookRequest(receiver.Url.ToString(), [WebhookEventTypes.OrderStatusChanged]));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            subscriptionId = (await created.ReadAsync<CreatedWebhookResponse>()).Id;

            using var channel = first.Client(ApiRoles.Channel, "web");
            using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(first, customer: 7, sku: 7), "restart-order");
            orderId = (await placed.ReadAsync<OrderView>()).OrderId;
            await receiver.WaitForAsync(r => r.Count(w => w.OrderId == orderId) >= 2, Wait, "two failed attempts before the restart");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var before = receiver.Received.Count(w => w.OrderId == orderId);
        receiver.Respond = (_, _) => 200;
        await using var second = await ApiHost.StartAsync(settings);

        // No new event: only the stored queue (woken by its reminder) can deliver it.
        var received = await receiver.WaitForAsync(r => r.Any(w => w.OrderId == orderId && w.AnsweredStatus == 200), Wait, "the delivery after the restart");
        var attempts = received.Where(w => w.OrderId == orderId).ToList();
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
        Assert.Equal(attempts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), attempts[^1].Header("OrderGrains-Delivery-Attempt"));
        Assert.True(attempts.Count > before, "delivered by the restarted silo");

        using var admin2 = second.Client(ApiRoles.Admin);
        var log = await WebhookTestHost.EventuallyAsync(
            async () => await (await admin2.GetAsync($"/api/v1/webhooks/{subscriptionId}/deliveries")).ReadAsync<WebhookDeliveryListResponse>(),
            l => l.Items.Any(d => d.OrderId == orderId && d.Status == WebhookDeliveryStatus.Delivered),
            Wait,
            "the delivery in the log");
        Assert.Equal(attempts.Count, log.Items.Single(d => d.OrderId == orderId).Attempts);
    }
}
