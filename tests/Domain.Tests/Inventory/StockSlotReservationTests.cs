using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Domain.Tests.Inventory;

public sealed class StockSlotReservationTests
{
    [Fact]
    public async Task Reserve_within_availability_succeeds_and_holds_the_units()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-R1", 10);

        var result = await slot.Reserve(InventoryTestKit.Request("R-1", 4));

        Assert.True(result.Success);
        Assert.Null(result.FailureReason);
        Assert.Equal(4, result.Quantity);
        var snapshot = await slot.GetSnapshot();
        Assert.Equal(("SKU-R1", "WH-1", 10, 4, 6, 1), (snapshot.Sku, snapshot.WarehouseId, snapshot.OnHand, snapshot.Reserved, snapshot.Available, snapshot.OpenReservations));
    }

    [Fact]
    public async Task Reserve_beyond_availability_is_refused_with_a_reason_and_changes_nothing()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-R2", 3);
        var before = await slot.GetSnapshot();

        var result = await slot.Reserve(InventoryTestKit.Request("R-1", 5));

        Assert.False(result.Success);
        Assert.Equal("insufficient stock: 3 available, 5 requested", result.FailureReason);
        Assert.Equal(before, await slot.GetSnapshot());
    }

    [Fact]
    public async Task Concurrent_reservations_never_oversell_and_the_stored_state_agrees_after_a_restart()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-FLASH", 100);

        var results = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => slot.Reserve(InventoryTestKit.Request($"R-{i}", 1, $"ORD-{i}"))));

        Assert.Equal(100, results.Count(r => r.Success));
        Assert.Equal(900, results.Count(r => !r.Success));
        Assert.All(results.Where(r => !r.Success), r => Assert.StartsWith("insufficient stock: 0 available", r.FailureReason, StringComparison.Ordinal));
        var snapshot = await slot.GetSnapshot();
        Assert.Equal((100, 100, 0, 100), (snapshot.OnHand, snapshot.Reserved, snapshot.Available, snapshot.OpenReservations));

        await harness.RestartAsync();

        var stored = await harness.Slot("SKU-FLASH").GetSnapshot();
        Assert.Equal(snapshot, stored);
    }

    [Fact]
    public async Task Reserving_again_with_the_same_id_returns_the_first_result_even_after_a_restart()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-R3", 5);

        var first = await slot.Reserve(InventoryTestKit.Request("R-1", 3));
        var again = await slot.Reserve(InventoryTestKit.Request("R-1", 3));
        var refused = await slot.Reserve(InventoryTestKit.Request("R-2", 4, "ORD-2"));

        Assert.True(first.Success);
        Assert.True(again.Success);
        Assert.False(refused.Success);
        var held = await slot.GetSnapshot();
        Assert.Equal((5, 3, 1), (held.OnHand, held.Reserved, held.OpenReservations));

        await harness.RestartAsync();
        slot = harness.Slot("SKU-R3");
        await slot.Release("R-1", "customer changed their mind");

        // After the release R-2 would fit, but a retried id keeps its first answer; R-1 is not reserved twice.
        var retriedRefusal = await slot.Reserve(InventoryTestKit.Request("R-2", 4, "ORD-2"));
        var retriedSuccess = await slot.Reserve(InventoryTestKit.Request("R-1", 3));
        Assert.False(retriedRefusal.Success);
        Assert.Equal(refused.FailureReason, retriedRefusal.FailureReason);
        Assert.True(retriedSuccess.Success);
        var snapshot = await slot.GetSnapshot();
        Assert.Equal((0, 0, 5), (snapshot.Reserved, snapshot.OpenReservations, snapshot.Available));
    }

    [Fact]
    public async Task Reusing_a_reservation_id_for_other_terms_is_refused()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-R4", 5);
        await slot.Reserve(InventoryTestKit.Request("R-1", 2));

        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", 3)), "stock.reservation-conflict");
        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", 2, "ORD-OTHER")), "stock.reservation-conflict");
        Assert.Equal(2, (await slot.GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_a_code_and_changes_nothing()
    {
        await using var harness = await DomainHarness.StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-R5", 5);
        var before = await slot.GetSnapshot();

        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", 0)), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", -2)), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", 1_000_001)), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request(" ", 1)), "stock.invalid-id");
        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", 1, orderId: "")), "stock.invalid-id");
        await InventoryTestKit.RefusedAsync(() => slot.Reserve(InventoryTestKit.Request("R-1", 1, hold: TimeSpan.Zero)), "stock.invalid-hold");
        await InventoryTestKit.RefusedAsync(() => slot.Receive(0, "GRN-1"), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.Receive(2_000_000, "GRN-1"), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.Receive(1, ""), "stock.invalid-id");
        await InventoryTestKit.RefusedAsync(() => slot.Adjust(0, "count", "CC-1"), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.SetSafetyStock(-1), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.SetExpectedInbound(new InboundStock(new DateOnly(2026, 2, 1), 0)), "stock.invalid-quantity");
        await InventoryTestKit.RefusedAsync(() => slot.Confirm(""), "stock.invalid-id");

        Assert.Equal(before, await slot.GetSnapshot());
    }

    [Fact]
    public async Task A_slot_key_without_a_warehouse_cannot_be_activated()
    {
        await using var harness = await DomainHarness.StartAsync();

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => harness.Grains.GetGrain<IStockSlotGrain>("SKU-ONLY").GetSnapshot());

        var refusal = exception as DomainException ?? exception.InnerException as DomainException;
        Assert.Equal("stock.bad-key", refusal?.Code);
    }
}
