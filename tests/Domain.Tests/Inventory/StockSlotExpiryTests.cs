using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Inventory;

/// <summary>Expiry on a fake clock: the silo's own timers run on it too, so the tests observe through explicit calls, which purge lazily.</summary>
public sealed class StockSlotExpiryTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task An_unconfirmed_reservation_lapses_after_its_hold_and_its_units_are_available_again()
    {
        await using var harness = await StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-E1", 5);
        await slot.Reserve(InventoryTestKit.Request("R-1", 5));

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(5, (await slot.GetSnapshot()).Reserved);
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var snapshot = await slot.GetSnapshot();

        Assert.Equal((0, 0, 5), (snapshot.Reserved, snapshot.OpenReservations, snapshot.Available));
        Assert.True((await slot.Reserve(InventoryTestKit.Request("R-2", 5, "ORD-2"))).Success);
        await InventoryTestKit.RefusedAsync(() => slot.Ship("R-1"), "stock.unknown-reservation");
    }

    [Fact]
    public async Task A_confirmed_reservation_does_not_lapse()
    {
        await using var harness = await StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-E2", 10);
        await slot.Reserve(InventoryTestKit.Request("R-1", 3));
        await slot.Reserve(InventoryTestKit.Request("R-2", 4, "ORD-2"));
        await slot.Confirm("R-1");

        _clock.Advance(TimeSpan.FromHours(1));
        var snapshot = await slot.GetSnapshot();

        Assert.Equal((3, 1, 7), (snapshot.Reserved, snapshot.OpenReservations, snapshot.Available));
        Assert.Equal(7, (await slot.Ship("R-1")).OnHand);
    }

    [Fact]
    public async Task A_custom_hold_applies_and_lapses_also_after_a_restart()
    {
        await using var harness = await StartAsync();
        var slot = await harness.SeededSlotAsync("SKU-E3", 10);
        await slot.Reserve(InventoryTestKit.Request("R-short", 2, hold: TimeSpan.FromMinutes(1)));
        await slot.Reserve(InventoryTestKit.Request("R-long", 3, "ORD-2", hold: TimeSpan.FromMinutes(30)));

        await harness.RestartAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));
        slot = harness.Slot("SKU-E3");
        var snapshot = await slot.GetSnapshot();

        Assert.Equal((3, 1), (snapshot.Reserved, snapshot.OpenReservations));
        await InventoryTestKit.RefusedAsync(() => slot.Confirm("R-short"), "stock.unknown-reservation");
        Assert.Equal(1, (await slot.Confirm("R-long")).OpenReservations);
    }

    private Task<DomainHarness> StartAsync() => DomainHarness.StartAsync(services => services.AddSingleton<TimeProvider>(_clock));
}
