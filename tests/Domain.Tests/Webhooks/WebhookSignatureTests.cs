using System.Security.Cryptography;
using System.Text;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Domain.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"type\":\"order.status-changed\"}");

    [Fact]
    public void The_header_is_hmac_sha256_of_timestamp_dot_body()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var t = Now.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{Encoding.UTF8.GetString(Body)}")));
        Assert.Equal($"t={t},v1={expected}", header);
        Assert.True(WebhookSignature.Verify(Secret, header, Body, Now.AddSeconds(30), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_tampered_body_another_secret_or_an_old_timestamp_fails_verification()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var tampered = (byte[])Body.Clone();
        tampered[^2] ^= 1;
        Assert.False(WebhookSignature.Verify(Secret, header, tampered, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_other", header, Body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, Now.AddMinutes(10), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, "t=abc,v1=zz", Body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, null, Body, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Delivery_ids_name_their_subscription_and_event()
    {
        var subscription = WebhookIds.NewSubscriptionId();
        var eventId = WebhookIds.EventId("ORD-9", 3, WebhookEventTypes.OrderRerouted);
        Assert.True(WebhookIds.TryParseDeliveryId(WebhookIds.DeliveryId(subscription, eventId), out var s, out var e));
        Assert.Equal((subscription, eventId), (s, e));
        Assert.False(WebhookIds.TryParseDeliveryId("wh_zz.evt_00", out _, out _));
        Assert.False(WebhookIds.TryParseDeliveryId("no-dot", out _, out _));
        Assert.False(WebhookIds.TryParseDeliveryId(null, out _, out _));
    }
}
