using System.Text.Json;
using OrderGrains.Grains.DemoData;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Domain.Tests.DemoData;

public sealed class DemoDataTests
{
    [Fact]
    public void Generation_is_deterministic_for_a_seed()
    {
        var first = JsonSerializer.Serialize(DemoNetworkGenerator.Generate(7));
        var second = JsonSerializer.Serialize(DemoNetworkGenerator.Generate(7));
        var other = JsonSerializer.Serialize(DemoNetworkGenerator.Generate(8));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_default_network_is_realistic()
    {
        var network = DemoNetworkGenerator.Generate();

        Assert.True(network.Warehouses.Count >= 8);
        Assert.All(network.Warehouses, w =>
        {
            Assert.InRange(w.Location.Latitude, 18, 54);
            Assert.InRange(w.Location.Longitude, 73, 135);
            Assert.Contains(w.Lanes, l => l.Service == ShippingSpeed.Standard);
            Assert.Contains(w.Lanes, l => l.Service == ShippingSpeed.Express);
        });
        Assert.Contains(network.Warehouses, w => w.WarehouseId == "WH-SH" && w.City == "Shanghai");
        Assert.Equal(1000, network.Skus.Count);
        Assert.Equal("SKU-00001", network.Skus[0].Sku);
        Assert.Contains(network.Skus, s => s.Flags.Contains("infant-formula"));
        Assert.Contains(network.Skus, s => s.Flags.Contains("gift-wrap"));
        Assert.All(network.Skus, s => Assert.Contains(network.Stock, st => st.Sku == s.Sku));
        Assert.Contains(network.Stock, s => s.ExpectedInbound is not null);
        Assert.True(network.Stock.Count < network.Skus.Count * network.Warehouses.Count);
        Assert.Equal(200, network.Customers.Count);
        Assert.Equal("C-0001", network.Customers[0].CustomerId);
        Assert.InRange(network.Customers.Count(c => c.Tier == CustomerTier.Vip), 4, 20);
        Assert.All(network.Customers, c => Assert.InRange(c.Addresses.Count, 1, 2));
    }

    [Fact]
    public async Task Loading_twice_changes_nothing()
    {
        await using var harness = await DomainHarness.StartAsync();
        var network = DemoNetworkGenerator.Generate(seed: 3, skus: 30, customers: 10);

        await DemoDataLoader.LoadAsync(harness.Grains, network, CancellationToken.None);
        var first = await ReadStockAsync(harness, network);
        await DemoDataLoader.LoadAsync(harness.Grains, network, CancellationToken.None);
        var second = await ReadStockAsync(harness, network);

        Assert.Equal(first, second);
        Assert.Equal(network.Stock.Select(s => s.OnHand), first.Select(s => s.OnHand));
        var snapshot = await harness.Grains.GetGrain<IWarehouseGrain>("WH-SH").GetSnapshot();
        Assert.Equal("Shanghai", snapshot.Profile.City);
    }

    private static async Task<StockSnapshot[]> ReadStockAsync(DomainHarness harness, DemoNetwork network) =>
        await Task.WhenAll(network.Stock.Select(s => harness.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(s.Sku, s.WarehouseId)).GetSnapshot()));
}
