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
    private readonly CoalescingWriter<SkuInventoryState> _writer = new(state);
    private IReadOnlyList<SkuAvailability>? _view;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await GetStreamProvider(StockStreams.Provider)
            .GetStream<AvailabilityChanged>(StockStreams.Availability, GetPrimaryKeyString())
            .SubscribeAsync(OnAvailabilityChangedAsync, cancellationToken: cancellationToken);

    public Task<IReadOnlyList<SkuAvailability>> GetAvailability() =>
        Task.FromResult(_view ??= [.. _state.State.Warehouses.Values.OrderBy(w => w.WarehouseId, StringComparer.Ordinal)]);

    private async Task OnAvailabilityChangedAsync(AvailabilityChanged change, StreamSequenceToken token)
    {
        if (!string.Equals(change.Sku, GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            return;
        }

        var warehouses = _state.State.Warehouses;
        if (warehouses.TryGetValue(change.WarehouseId, out var known) && change.At <= known.UpdatedAt)
        {
            InventoryLog.StaleAvailabilityIgnored(logger, change.Sku, change.WarehouseId, change.At, known.UpdatedAt);
            return;
        }

        warehouses[change.WarehouseId] = new SkuAvailability(change.WarehouseId, change.Available, change.OnHand, change.ExpectedInbound, change.At);
        _view = null;
        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            // The event is redelivered (at least once); reload the view from storage first.
            InventoryLog.WriteFailed(logger, GrainId, exception);
            DeactivateOnIdle();
            throw;
        }
    }
}
