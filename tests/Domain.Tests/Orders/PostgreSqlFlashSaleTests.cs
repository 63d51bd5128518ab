using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime.Testing;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Orders;

/// <summary>The flash sale on PostgreSQL, where many group commits run at once (SQLite has one writer).</summary>
public sealed class PostgreSqlFlashSaleTests : IAsyncLifetime
{
    private PostgresTestServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgresTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Thousand_concurrent_orders_for_a_hundred_units_allocate_exactly_a_hundred_on_postgresql()
    {
        await using var harness = await DomainHarness.StartAsync(postgresConnectionString: await _server.CreateDatabaseAsync());
        await StandardAsync(harness.Grains);
        await StockAsync(harness.Grains, "SKU-PG", "WH-SH", 100);

        var views = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            harness.Grains.GetGrain<IOrderGrain>($"PG-{i}").Place(Order($"C-PG-{i}", Shanghai, ("SKU-PG", 1)), Cmd($"p{i}"))));

        Assert.Equal(100, views.Count(v => v.Status == OrderStatus.ReleasedToWarehouse));
        Assert.Equal(900, views.Count(v => v.Status == OrderStatus.Backordered));
        await harness.RestartAsync();
        var slot = await harness.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-PG", "WH-SH")).GetSnapshot();
        Assert.Equal((100, 100), (slot.OnHand, slot.Reserved));
    }
}
