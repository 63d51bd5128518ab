using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Domain.Tests.Orders;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Inventory;

/// <summary>
/// A slot publishes a move of a tenth or more of its published availability within a second and smaller moves within
/// ten (the fake clock drives the publication timers).
/// </summary>
public sealed class AvailabilityPublicationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private DomainHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DomainHarness.StartAsync(services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_small_move_of_plentiful_stock_waits_while_a_big_one_goes_out_within_a_second()
    {
        var slot = await StockedAsync("SKU-P1", 100);

        await slot.Reserve(InventoryTestKit.Request("R-1", 1));
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        await slot.Reserve(InventoryTestKit.Request("R-2", 20, "ORD-2"));
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        await ViewShowsAsync("SKU-P1", 79);

        Assert.Equal([100, 79], await PublishedAsync("SKU-P1"));
    }

    [Fact]
    public async Task A_small_move_goes_out_within_ten_seconds()
    {
        var slot = await StockedAsync("SKU-P2", 100);

        await slot.Reserve(InventoryTestKit.Request("R-1", 1));
        _clock.Advance(TimeSpan.FromSeconds(11));

        await ViewShowsAsync("SKU-P2", 99);
    }

    [Fact]
    public async Task With_little_stock_every_unit_goes_out_within_a_second()
    {
        var slot = await StockedAsync("SKU-P3", 8);

        await slot.Reserve(InventoryTestKit.Request("R-1", 1));
        _clock.Advance(TimeSpan.FromSeconds(1.5));

        await ViewShowsAsync("SKU-P3", 7);
    }

    /// <summary>A slot with <paramref name="units"/> received, once the view shows them.</summary>
    private async Task<IStockSlotGrain> StockedAsync(string sku, int units)
    {
        await TestNetwork.StockAsync(_harness.Grains, sku, "WH-1", units);
        return _harness.Slot(sku);
    }

    private async Task ViewShowsAsync(string sku, int available)
    {
        var view = _harness.Grains.GetGrain<ISkuInventoryGrain>(sku);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(await view.GetAvailability()).Any(a => a.Available == available))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task<List<int>> PublishedAsync(string sku)
    {
        var store = _harness.Silo.Services.GetServices<RuntimeStoreRegistration>().First().Store;
        var rows = await store.ReadStreamAsync(StockStreams.Provider, new StreamId(StockStreams.Availability, sku), 0, 100, CancellationToken.None);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return [.. rows.Select(r => JsonSerializer.Deserialize<AvailabilityChanged>(r.Payload, json)!.Available)];
    }
}
