using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Domain.Tests.Inventory;

public sealed class SkuInventoryViewTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Availability_reaches_the_sku_view_after_receipts_and_reservations()
    {
        await using var harness = await DomainHarness.StartAsync();
        var view = harness.Grains.GetGrain<ISkuInventoryGrain>("SKU-V1");
        var north = await harness.SeededSlotAsync("SKU-V1", 10, "WH-N");
        await harness.SeededSlotAsync("SKU-V1", 5, "WH-S");

        await EventuallyAsync(view, a => Available(a, "WH-N") == 10 && Available(a, "WH-S") == 5);
        await north.Reserve(InventoryTestKit.Request("R-1", 3));
        await EventuallyAsync(view, a => Available(a, "WH-N") == 7);
        await north.Reserve(InventoryTestKit.Request("R-2", 7, "ORD-2"));
        var sold = await EventuallyAsync(view, a => Available(a, "WH-N") == 0);

        var entry = Assert.Single(sold, a => a.WarehouseId == "WH-N");
        Assert.Equal(10, entry.OnHand);
    }

    [Fact]
    public async Task The_view_is_kept_across_a_restart()
    {
        await using var harness = await DomainHarness.StartAsync();
        await harness.SeededSlotAsync("SKU-V2", 8, "WH-A");
        await EventuallyAsync(harness.Grains.GetGrain<ISkuInventoryGrain>("SKU-V2"), a => Available(a, "WH-A") == 8);

        await harness.RestartAsync();
        var availability = await harness.Grains.GetGrain<ISkuInventoryGrain>("SKU-V2").GetAvailability();

        Assert.Equal(8, Available(availability, "WH-A"));
    }

    [Fact]
    public async Task A_slot_that_never_published_is_unknown_to_the_view()
    {
        await using var harness = await DomainHarness.StartAsync();

        Assert.Empty(await harness.Grains.GetGrain<ISkuInventoryGrain>("SKU-V3").GetAvailability());
    }

    [Fact]
    public async Task Older_events_of_a_warehouse_are_ignored()
    {
        await using var harness = await DomainHarness.StartAsync();
        var stream = harness.Silo.Services.GetStreamProvider(StockStreams.Provider).GetStream<AvailabilityChanged>(StockStreams.Availability, "SKU-V4");
        var now = DateTimeOffset.UtcNow;
        var view = harness.Grains.GetGrain<ISkuInventoryGrain>("SKU-V4");

        await stream.OnNextAsync(new AvailabilityChanged("SKU-V4", "WH-A", 4, 4, 0, null, now));
        await stream.OnNextAsync(new AvailabilityChanged("SKU-V4", "WH-A", 9, 9, 0, null, now.AddSeconds(-1)));
        await stream.OnNextAsync(new AvailabilityChanged("SKU-V4", "WH-B", 1, 1, 0, null, now.AddSeconds(-5)));
        var availability = await EventuallyAsync(view, a => Available(a, "WH-B") == 1);

        Assert.Equal(4, Available(availability, "WH-A"));
    }

    private static int? Available(IReadOnlyList<SkuAvailability> availability, string warehouseId) =>
        availability.FirstOrDefault(a => a.WarehouseId == warehouseId)?.Available;

    /// <summary>Polls the view (eventual consistency is the behaviour under test) until it satisfies <paramref name="condition"/>.</summary>
    private static async Task<IReadOnlyList<SkuAvailability>> EventuallyAsync(ISkuInventoryGrain view, Func<IReadOnlyList<SkuAvailability>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var availability = await view.GetAvailability();
            if (condition(availability))
            {
                return availability;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The SKU view did not converge within {Patience.TotalSeconds} s; it shows: {string.Join(", ", availability)}");
            await Task.Delay(20);
        }
    }
}
