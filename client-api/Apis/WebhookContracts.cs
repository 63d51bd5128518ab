using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.ClientApi.Apis;

/// <summary>A webhook subscription to create.</summary>
/// <param name="Url">Absolute http(s) URL that receives signed POSTs.</param>
/// <param name="EventTypes">One or more of <c>order.status-changed</c>, <c>order.rerouted</c>, <c>promise.at-risk</c>.</param>
/// <param name="Description">Optional note for operators (at most 200 characters).</param>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description = null);

/// <summary>A webhook subscription.</summary>
public sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, DateTimeOffset CreatedAt)
{
    internal static WebhookResponse From(WebhookSubscription s) => new(s.Id, s.Url, s.EventTypes, s.Description, s.CreatedAt);
}

/// <summary>A subscription with the health of its endpoint.</summary>
public sealed record WebhookDetailsResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, DateTimeOffset CreatedAt, WebhookEndpointHealth Health);

/// <summary>A created subscription with its signing secret, which is shown only here.</summary>
/// <param name="Id">The subscription id (<c>wh_...</c>).</param>
/// <param name="Url">Where deliveries are posted.</param>
/// <param name="EventTypes">The event types delivered.</param>
/// <param name="Description">The operators' note.</param>
/// <param name="CreatedAt">When it was created; it receives the changes made from then on.</param>
/// <param name="Secret">
/// Key of the HMAC-SHA256 signatures: each delivery carries <c>OrderGrains-Signature: t={unix seconds},v1={hex}</c>
/// over <c>{t}.{body}</c>, keyed with the UTF-8 bytes of this secret.
/// </param>
public sealed record CreatedWebhookResponse(string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, DateTimeOffset CreatedAt, string Secret);

/// <summary>Webhook subscriptions.</summary>
public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);

/// <summary>Deliveries (pending first, then finished; newest first).</summary>
public sealed record WebhookDeliveryListResponse(IReadOnlyList<WebhookDelivery> Items);
