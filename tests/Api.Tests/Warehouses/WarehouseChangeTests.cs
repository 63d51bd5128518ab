using System.Net;
using OrderGrains.Api.Tests.Inventory;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Api.Tests.Warehouses;

/// <summary>Status and capacity changes, on a private host: taking warehouses offline would disturb the shared one.</summary>
public sealed class WarehouseChangeTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Taking_a_warehouse_offline_reroutes_its_open_orders()
    {
        var sku = host.Network.Skus.Select((s, i) => (s.Sku, Index: i))
            .First(s => host.Network.Stock.Count(st => st.Sku == s.Sku && st.OnHand - st.SafetyStock >= 5) >= 3);
        using var channel = host.Client(ApiRoles.Channel, "web");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 3, sku: sku.Index, quantity: 2), "reroute-1");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadAsync<OrderView>();
        var from = Assert.Single(order.Shipments).WarehouseId;

        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.PutJsonAsync($"/api/v1/warehouses/{from}/status", new WarehouseStatusRequest(Interfaces.WarehouseStatus.Offline, "flooded"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = await response.ReadAsync<WarehouseStatusChangeResponse>();
        Assert.Equal((Interfaces.WarehouseStatus.Online, Interfaces.WarehouseStatus.Offline, "flooded", false),
            (change.PreviousStatus, change.Warehouse.Status, change.Warehouse.StatusReason, change.Warehouse.AcceptsAllocations));
        Assert.True(change.AffectedAllocations >= 1, $"{change.AffectedAllocations} allocations affected");

        var rerouted = await channel.PollAsync<OrderView>(
            $"/api/v1/orders/{order.OrderId}",
            o => o.Shipments.Any(IsOpen) && o.Shipments.Where(IsOpen).All(s => s.WarehouseId != from));
        Assert.Contains(rerouted.Shipments, s => s.WarehouseId == from && s.Status == ShipmentStatus.Cancelled);

        using var back = await ops.PutJsonAsync($"/api/v1/warehouses/{from}/status", new WarehouseStatusRequest(Interfaces.WarehouseStatus.Online));
        var online = await back.ReadAsync<WarehouseStatusChangeResponse>();
        Assert.Equal((Interfaces.WarehouseStatus.Offline, Interfaces.WarehouseStatus.Online, 0, true),
            (online.PreviousStatus, online.Warehouse.Status, online.AffectedAllocations, online.Warehouse.AcceptsAllocations));
    }

    [Fact]
    public async Task Soft_degradation_keeps_allocations_and_the_directory_follows()
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.SendJsonAsync(HttpMethod.Put, "/api/v1/warehouses/WH-XA/status", """{"status":"degraded"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = await response.ReadAsync<WarehouseStatusChangeResponse>();
        Assert.Equal((Interfaces.WarehouseStatus.Degraded, true, 0), (change.Warehouse.Status, change.Warehouse.AcceptsAllocations, change.AffectedAllocations));

        await ops.PollAsync<WarehouseResponse[]>("/api/v1/warehouses", l => l.Single(w => w.WarehouseId == "WH-XA").Status == Interfaces.WarehouseStatus.Degraded);
        (await ops.PutJsonAsync("/api/v1/warehouses/WH-XA/status", new WarehouseStatusRequest(Interfaces.WarehouseStatus.Online))).Dispose();
    }

    [Fact]
    public async Task Capacity_is_set_and_bounded()
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.PutJsonAsync("/api/v1/warehouses/WH-SY/capacity", new WarehouseCapacityRequest(7_500));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warehouse = await response.ReadAsync<WarehouseResponse>();
        Assert.Equal((7_500, 7_500 - warehouse.BacklogUnits), (warehouse.DailyCapacityUnits, warehouse.RemainingCapacity));
        Assert.Equal(7_500, (await host.Grains.GetGrain<IWarehouseGrain>("WH-SY").GetSnapshot()).Profile.DailyCapacityUnits);

        foreach (var body in new[] { """{"dailyCapacityUnits":-1}""", """{"dailyCapacityUnits":1000001}""", "{}" })
        {
            using var invalid = await ops.SendJsonAsync(HttpMethod.Put, "/api/v1/warehouses/WH-SY/capacity", body);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains("dailyCapacityUnits", await invalid.InvalidFieldsAsync());
        }

        using var unknown = await ops.PutJsonAsync("/api/v1/warehouses/WH-NOPE/capacity", new WarehouseCapacityRequest(10));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(7_500, (await host.Grains.GetGrain<IWarehouseGrain>("WH-SY").GetSnapshot()).Profile.DailyCapacityUnits);
    }

    [Theory]
    [InlineData("""{"status":"closed"}""", "request.malformed")]
    [InlineData("""{"status":2}""", "request.malformed")]
    [InlineData("""{"reason":"no status"}""", "request.invalid")]
    [InlineData("""{"status":"offline","reason":"line\nbreak"}""", "request.invalid")]
    public async Task Invalid_status_changes_are_refused_and_change_nothing(string body, string code)
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.SendJsonAsync(HttpMethod.Put, "/api/v1/warehouses/WH-ZZ/status", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await response.ProblemCodeAsync());
        Assert.Equal(Interfaces.WarehouseStatus.Online, (await host.Grains.GetGrain<IWarehouseGrain>("WH-ZZ").GetSnapshot()).Status);
    }

    [Fact]
    public async Task Status_of_an_unknown_warehouse_is_404()
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.PutJsonAsync("/api/v1/warehouses/WH-NOPE/status", new WarehouseStatusRequest(Interfaces.WarehouseStatus.Offline, "x"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("warehouse.not-found", await response.ProblemCodeAsync());
    }

    private static bool IsOpen(Shipment s) => s.Status is not (ShipmentStatus.Cancelled or ShipmentStatus.Shipped or ShipmentStatus.Delivered);
}
