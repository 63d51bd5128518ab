namespace OrderGrains.Interfaces.Webhooks;

/// <summary>
/// Turns one shard of the order change feed into webhook events and queues them durably at the subscribed endpoints
/// (<c>webhook-dispatcher/shard-N</c>, keyed like the change stream).
/// </summary>
public interface IWebhookDispatcherGrain : IGrainWithStringKey
{
    /// <summary>Replaces the routing table if <paramref name="table"/> is newer than the one held.</summary>
    /// <remarks>Interleaves: the registry pushes while a dispatcher may be waiting on the registry for its first table.</remarks>
    [AlwaysInterleave]
    Task UpdateRoutes(WebhookRoutingTable table);
}
