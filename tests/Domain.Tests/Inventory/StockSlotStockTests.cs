using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Domain.Tests.Inventory;

public sealed class StockSlotStockTests
{
    [Fact]
    public async Task Safety_stock_is_never_reserved()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-S1", 10);
        await slot.SetSafetyStock(4);

        var tooMuch = await slot.Reserve(InventoryTestKit.Request("R-1", 7));
        var fits = await slot.Reserve(InventoryTestKit.Request("R-2", 6));

        Assert.False(tooMuch.Success);
        Assert.Equal("insufficient stock: 6 available, 7 requested", tooMuch.FailureReason);
        Assert.True(fits.Success);
        Assert.Equal(0, fits.Snapshot.Available);
    }

    [Fact]
    public async Task Safety_stock_that_would_break_the_invariant_is_refused()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-S2", 10);
        await slot.Reserve(InventoryTestKit.Request("R-1", 8));

        await InventoryTestKit.RefusedAsync(() => slot.SetSafetyStock(3), "stock.safety-stock-above-free");
        var snapshot = await slot.SetSafetyStock(2);

        Assert.Equal((10, 8, 2, 0), (snapshot.OnHand, snapshot.Reserved, snapshot.SafetyStock, snapshot.Available));
    }

    [Fact]
    public async Task Adjust_below_reserved_plus_safety_stock_is_refused_and_adjustments_are_idempotent_by_reference()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-S3", 10);
        await slot.SetSafetyStock(2);
        await slot.Reserve(InventoryTestKit.Request("R-1", 5));

        await InventoryTestKit.RefusedAsync(() => slot.Adjust(-4, "cycle count", "CC-1"), "stock.adjust-below-reserved");
        var adjusted = await slot.Adjust(-3, "cycle count", "CC-2");
        var repeated = await slot.Adjust(-3, "cycle count", "CC-2");

        Assert.Equal((7, 5, 0), (adjusted.OnHand, adjusted.Reserved, adjusted.Available));
        Assert.Equal(adjusted, repeated);
        Assert.Equal(9, (await slot.Adjust(2, "found a box", "CC-3")).OnHand);
    }

    [Fact]
    public async Task Receive_is_idempotent_by_reference_even_after_a_restart()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = harness.Slot("SKU-S4");

        await slot.Receive(5, "GRN-1");
        await slot.Receive(5, "GRN-1");
        await slot.Receive(2, "GRN-2");
        await harness.RestartAsync();
        var snapshot = await harness.Slot("SKU-S4").Receive(5, "GRN-1");

        Assert.Equal((7, 7), (snapshot.OnHand, snapshot.Available));
    }

    [Fact]
    public async Task Ship_reduces_on_hand_and_reserved_and_a_repeated_ship_is_a_no_op()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-S5", 10);
        await slot.Reserve(InventoryTestKit.Request("R-1", 4));
        await slot.Reserve(InventoryTestKit.Request("R-2", 1, "ORD-2"));

        var shipped = await slot.Ship("R-1");
        var again = await slot.Ship("R-1");

        Assert.Equal((6, 1, 5, 1), (shipped.OnHand, shipped.Reserved, shipped.Available, shipped.OpenReservations));
        Assert.Equal(shipped, again);
        await InventoryTestKit.RefusedAsync(() => slot.Ship("R-UNKNOWN"), "stock.unknown-reservation");
    }

    [Fact]
    public async Task Release_frees_the_units_and_releasing_an_unknown_reservation_is_a_no_op()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-S6", 10);
        await slot.Reserve(InventoryTestKit.Request("R-1", 4));

        var released = await slot.Release("R-1", "order cancelled");
        var unknown = await slot.Release("R-1", "order cancelled");
        var neverSeen = await slot.Release("R-NEVER", "cleanup");

        Assert.Equal((10, 0, 10, 0), (released.OnHand, released.Reserved, released.Available, released.OpenReservations));
        Assert.Equal(released, unknown);
        Assert.Equal(released, neverSeen);
        await InventoryTestKit.RefusedAsync(() => slot.Confirm("R-1"), "stock.unknown-reservation");
    }

    [Fact]
    public async Task Expected_inbound_is_kept_and_can_be_cleared()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = harness.Slot("SKU-S7");
        var inbound = new InboundStock(new DateOnly(2026, 3, 1), 40);

        Assert.Equal(inbound, (await slot.SetExpectedInbound(inbound)).ExpectedInbound);
        await harness.RestartAsync();
        slot = harness.Slot("SKU-S7");
        Assert.Equal(inbound, (await slot.GetSnapshot()).ExpectedInbound);
        Assert.Null((await slot.SetExpectedInbound(null)).ExpectedInbound);
    }
}
