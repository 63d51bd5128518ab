namespace OrderGrains.Interfaces.Webhooks;

/// <summary>
/// The webhook subscriptions of the cluster (<c>webhook-registry/all</c>, key <see cref="WebhookIds.RegistryKey"/>): creates, lists and deletes them, configures
/// each subscription's endpoint grain and tells the change dispatchers which subscriptions want which events.
/// </summary>
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates a subscription and returns it with its signing secret. A repeated <paramref name="idempotencyKey"/> with the same
    /// request returns the first registration; with another request it is refused (<c>webhook.idempotency-conflict</c>).
    /// </summary>
    Task<WebhookRegistration> Create(NewWebhookSubscription request, string? idempotencyKey);

    [ReadOnly]
    Task<IReadOnlyList<WebhookSubscription>> List();

    /// <summary>The subscription, or null if there is none with that id.</summary>
    [ReadOnly]
    Task<WebhookSubscription?> Get(string subscriptionId);

    /// <summary>Deletes a subscription: its pending deliveries are dropped; false if there was none.</summary>
    Task<bool> Delete(string subscriptionId);

    /// <summary>The subscriptions as the dispatchers route by.</summary>
    [ReadOnly]
    Task<WebhookRoutingTable> GetRoutingTable();
}

/// <summary>Which subscriptions want which event types; <paramref name="Version"/> grows with every change.</summary>
public sealed record WebhookRoutingTable(long Version, IReadOnlyList<WebhookSubscription> Subscriptions);
