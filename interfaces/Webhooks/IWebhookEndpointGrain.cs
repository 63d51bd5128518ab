namespace OrderGrains.Interfaces.Webhooks;

/// <summary>
/// Delivers the events of one subscription (<c>webhook-endpoint/{subscriptionId}</c>): a durable queue of pending
/// deliveries, signed HTTP attempts with retries, a circuit breaker for the endpoint, a bounded delivery log and a
/// bounded dead-letter list that an operator can replay.
/// </summary>
public interface IWebhookEndpointGrain : IGrainWithStringKey
{
    /// <summary>Sets the URL and secret (idempotent).</summary>
    Task Configure(WebhookEndpointConfig config);

    /// <summary>
    /// Queues events; returns once they are durable. An event already queued, delivered or dead-lettered is ignored,
    /// so a redelivered change does not make a second delivery.
    /// </summary>
    Task Enqueue(IReadOnlyList<WebhookEventMessage> events);

    /// <summary>Pending deliveries and the most recent finished ones, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WebhookDelivery>> GetDeliveries(int limit);

    /// <summary>Deliveries whose retry budget ran out, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WebhookDelivery>> GetDeadLetters();

    [ReadOnly]
    Task<WebhookEndpointHealth> GetHealth();

    /// <summary>
    /// Queues dead letters again with a fresh retry budget: the one of <paramref name="eventId"/>, or all when it is null.
    /// A replay is an operator's statement that the endpoint works again, so it also closes an open circuit.
    /// </summary>
    /// <exception cref="DomainException"><c>webhook.delivery.not-found</c>: no such dead letter.</exception>
    Task<WebhookReplayResult> Replay(string? eventId);

    /// <summary>Forgets the endpoint: drops pending deliveries, the log and dead letters.</summary>
    Task Remove();
}
