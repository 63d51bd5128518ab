using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>
/// Feeds the order index from the order change feed: one activation per change shard (<c>order-index/shard-N</c>),
/// implicitly subscribed, so every order's changes arrive in order through exactly one projector. A delivery completes
/// only once the change is durable in the index; stale and repeated changes are ignored by version.
/// </summary>
[GrainType("order-index")]
[ImplicitStreamSubscription(OrderStreams.Changes)]
public sealed class OrderIndexProjectorGrain(OrderIndexWriter writer, OrderIndexMetrics metrics, ILogger<OrderIndexProjectorGrain> logger) : Grain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shard = GetPrimaryKeyString();
        await GetStreamProvider(StockStreams.Provider)
            .GetStream<OrderChanged>(OrderStreams.Changes, shard)
            .SubscribeAsync(
                (change, _) =>
                {
                    // Counted as the feed delivers it (a redelivery after a failure counts again: a live view, not a ledger).
                    metrics.Observed(change);
                    return writer.WriteAsync(change);
                },
                cancellationToken: cancellationToken);
        OrderIndexLog.ProjectorActivated(logger, shard);
    }
}
