using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Inventory;

[Collection(ApiCollection.Name)]
public sealed class SkuInventoryEndpointTests(ApiHost host)
{
    [Fact]
    public async Task Availability_lists_every_stocking_warehouse_with_totals()
    {
        using var ops = host.Client(ApiRoles.Operations);
        var on = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        (await ops.PostJsonAsync("/api/v1/inventory/INV-SKU-1/warehouses/WH-BJ/receive", new ReceiveStockRequest(30, "PO-1"))).Dispose();
        (await ops.PutJsonAsync("/api/v1/inventory/INV-SKU-1/warehouses/WH-BJ/safety-stock", new SafetyStockRequest(5))).Dispose();
        (await ops.PostJsonAsync("/api/v1/inventory/INV-SKU-1/warehouses/WH-GZ/receive", new ReceiveStockRequest(12, "PO-2"))).Dispose();
        (await ops.PutJsonAsync("/api/v1/inventory/INV-SKU-1/warehouses/WH-GZ/expected-inbound", new ExpectedInboundRequest(on, 50))).Dispose();

        using var channel = host.Client(ApiRoles.Channel);
        var view = await channel.PollAsync<SkuInventoryResponse>(
            "/api/v1/inventory/INV-SKU-1", v => v.Warehouses.Count == 2 && v.TotalExpectedInbound == 50 && v.TotalAvailable == 37);
        Assert.Equal(["WH-BJ", "WH-GZ"], view.Warehouses.Select(w => w.WarehouseId));
        Assert.Equal((42, on), (view.TotalOnHand, view.NextInboundOn));
        Assert.All(view.Warehouses, w => Assert.Equal(Interfaces.WarehouseStatus.Online, w.Status));
    }

    [Fact]
    public async Task Unknown_sku_is_404()
    {
        using var viewer = host.Client(ApiRoles.Viewer);
        using var response = await viewer.GetAsync("/api/v1/inventory/NO-SUCH-SKU-2");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("sku.not-found", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Empty_slot_of_a_stocked_sku_reads_as_zero()
    {
        var (sku, empty) = host.Network.Skus
            .SelectMany(k => host.Network.Warehouses.Select(w => (k.Sku, w.WarehouseId)))
            .First(pair => !host.Network.Stock.Any(s => s.Sku == pair.Sku && s.WarehouseId == pair.WarehouseId));
        using var viewer = host.Client(ApiRoles.Viewer);
        await viewer.PollAsync<SkuInventoryResponse>($"/api/v1/inventory/{sku}", v => v.Warehouses.Count > 0);
        using var response = await viewer.GetAsync($"/api/v1/inventory/{sku}/warehouses/{empty}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.ReadAsync<StockSlotResponse>()).OnHand);
    }
}
