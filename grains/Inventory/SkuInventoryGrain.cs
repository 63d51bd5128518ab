using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Grains.Inventory;

/// <summary>
/// Where a SKU is available (<c>sku-inventory/{sku}</c>): folds the availability events of the SKU's stock slots,
/// keeping the newest per warehouse, and persists the view so routing has candidates right after a restart.
/// Slots that never published are unknown here; the slots stay authoritative.
/// </summary>
[GrainType("sku-inventory")]
[Reentrant]
[ImplicitStreamSubscription(StockStreams.Availability)]
public sealed class SkuInventoryGrain(
    [PersistentState("view")] IPersistentState<SkuInventoryState> state,
    ILogger<SkuInventoryGrain> logger) : Grain, ISkuInventoryGrain
{
    private readonly IPersistentState<SkuInventoryState> _state = state;
    private IReadOnlyList<SkuAvailability>? _view;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await GetStreamProvider(StockStreams.Provider)
            .GetStream<AvailabilityChanged>(StockStreams.Availability, GetPrimaryKeyString())
            .SubscribeAsync(OnAvailabilityChangedAsync, cancellationToken: cancellationToken);

    public Task<IReadOnlyList<SkuAvailability>> GetAvailability() =>
        Task.FromResult(_view ??= [.. _state.State.Warehouses.Values.OrderBy(w => w.WarehouseId, StringComparer.Ordinal)]);

    private Task OnAvailabilityChangedAsync(AvailabilityChanged change, StreamSequenceToken token)
    {
        if (!string.Equals(change.Sku, GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var warehouses = _state.State.Warehouses;
        if (warehouses.TryGetValue(change.WarehouseId, out var known) && change.At <= known.UpdatedAt)
        {
            InventoryLog.StaleAvailabilityIgnored(logger, change.Sku, change.WarehouseId, change.At, known.UpdatedAt);
            return Task.CompletedTask;
        }

        warehouses[change.WarehouseId] = new SkuAvailability(change.WarehouseId, change.Available, change.OnHand, change.ExpectedInbound, change.At);
        _view = null;

        // Written behind: the delivery completes (and the checkpoint moves) only once this write is durable, and a
        // failed write deactivates the view, which then reloads and gets the event again.
        _state.WriteBehind();
        return Task.CompletedTask;
    }
}
