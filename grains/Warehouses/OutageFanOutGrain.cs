using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>
/// Takes a warehouse's outage to its orders (<c>outage-fanout/{warehouseId}</c>): for each outage notice (one event,
/// stored with the status change) it asks every order still allocated at the warehouse to reroute, up to
/// <see cref="MaxConcurrentReroutes"/> at a time. The warehouse's open allocations are the to-do list: a rerouted
/// order no longer has one there, so a delivery that fails (an order could not be reached) is retried and goes on with
/// the orders left, and every reroute carries the outage's idempotency key. The delivery ends once every order has
/// answered, so its checkpoint is stored after their writes. Before, the warehouse stored one event per order, and
/// each of those cost four rows (event, stream head, subscription, checkpoint).
/// </summary>
[GrainType("outage-fanout")]
[ImplicitStreamSubscription(WarehouseStreams.OutageNotices)]
public sealed class OutageFanOutGrain(ILogger<OutageFanOutGrain> logger) : Grain, IGrainWithStringKey
{
    /// <summary>Reroutes in flight at once.</summary>
    public const int MaxConcurrentReroutes = 1024;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        GetStreamProvider(StockStreams.Provider)
            .GetStream<WarehouseOutage>(WarehouseStreams.OutageNotices, GetPrimaryKeyString())
            .SubscribeAsync((outage, _) => NotifyOrdersAsync(outage), cancellationToken: cancellationToken);

    /// <summary>The reason an order's timeline gives for a reroute caused by <paramref name="outage"/>.</summary>
    internal static string Reason(WarehouseOutage outage) => $"warehouse {outage.WarehouseId} is {outage.Status}: {outage.Reason}";

    /// <summary>The reroute command of <paramref name="outage"/> (one idempotency key per outage).</summary>
    internal static CommandContext Command(WarehouseOutage outage) =>
        new($"outage:{outage.WarehouseId}:{outage.At.UtcTicks}", "system:warehouse-outage");

    private async Task NotifyOrdersAsync(WarehouseOutage outage)
    {
        var orders = await GrainFactory.GetGrain<IWarehouseGrain>(outage.WarehouseId).GetAllocatedOrders();
        var reason = Reason(outage);
        var command = Command(outage);
        using var gate = new SemaphoreSlim(MaxConcurrentReroutes);
        var failed = 0;
        Exception? firstFailure = null;
        await Task.WhenAll(orders.Select(async orderId =>
        {
            await gate.WaitAsync();
            try
            {
                await GrainFactory.GetGrain<IOrderGrain>(orderId).Reroute(outage.WarehouseId, reason, command);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The turns of this grain do not overlap, so the counters need no lock.
                failed++;
                firstFailure ??= exception;
            }
            finally
            {
                gate.Release();
            }
        }));

        if (firstFailure is not null)
        {
            logger.OutageNotifyFailed(outage.WarehouseId, failed, orders.Count, firstFailure);
            throw new InvalidOperationException(
                $"{failed} of {orders.Count} orders on {outage.WarehouseId} could not be rerouted; the notice is delivered again for the orders left.", firstFailure);
        }

        logger.OutageNotified(outage.WarehouseId, orders.Count);
    }
}
