using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Domain.Tests.Inventory;

/// <summary>Helpers shared by the inventory tests.</summary>
internal static class InventoryTestKit
{
    public static IStockSlotGrain Slot(this DomainHarness harness, string sku, string warehouseId = "WH-1") =>
        harness.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouseId));

    public static async Task<IStockSlotGrain> SeededSlotAsync(this DomainHarness harness, string sku, int onHand, string warehouseId = "WH-1")
    {
        var slot = harness.Slot(sku, warehouseId);
        await slot.Receive(onHand, "seed-" + Guid.NewGuid().ToString("N"));
        return slot;
    }

    public static ReserveRequest Request(string reservationId, int quantity, string orderId = "ORD-1", TimeSpan? hold = null) =>
        new(reservationId, orderId, quantity, hold);

    public static async Task<DomainException> RefusedAsync(Func<Task> action, string code)
    {
        var exception = await Assert.ThrowsAsync<DomainException>(action);
        Assert.Equal(code, exception.Code);
        return exception;
    }
}
