using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Grains.Webhooks;

/// <summary>Sends one signed attempt of a delivery and returns the HTTP status; the response body is never read.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    public const string EventIdHeader = "OrderGrains-Event-Id";
    public const string EventTypeHeader = "OrderGrains-Event-Type";
    public const string DeliveryIdHeader = "OrderGrains-Delivery-Id";
    public const string AttemptHeader = "OrderGrains-Delivery-Attempt";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    public async Task<int> SendAsync(WebhookEndpointConfig endpoint, DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload ?? string.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(endpoint.Secret, time.GetUtcNow(), body));
        request.Headers.TryAddWithoutValidation(EventIdHeader, delivery.EventId);
        request.Headers.TryAddWithoutValidation(EventTypeHeader, delivery.EventType);
        request.Headers.TryAddWithoutValidation(DeliveryIdHeader, WebhookIds.DeliveryId(endpoint.SubscriptionId, delivery.EventId));
        request.Headers.TryAddWithoutValidation(AttemptHeader, delivery.Attempts.ToString(CultureInfo.InvariantCulture));

        using var client = clients.CreateClient(WebhookOptions.HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (int)response.StatusCode;
    }
}
