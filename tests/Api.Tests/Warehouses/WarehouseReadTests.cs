using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Warehouses;

[Collection(ApiCollection.Name)]
public sealed class WarehouseReadTests(ApiHost host)
{
    [Fact]
    public async Task List_has_every_warehouse_with_capacity_and_load()
    {
        using var viewer = host.Client(ApiRoles.Viewer);
        var list = await Inventory.ReferenceDataTestKit.PollAsync<WarehouseResponse[]>(
            viewer, "/api/v1/warehouses", l => l.Length == host.Network.Warehouses.Count);
        Assert.Equal(host.Network.Warehouses.Select(w => w.WarehouseId).Order(StringComparer.Ordinal), list.Select(w => w.WarehouseId));
        foreach (var warehouse in list)
        {
            var profile = host.Network.Warehouses.Single(w => w.WarehouseId == warehouse.WarehouseId);
            Assert.Equal(profile.DailyCapacityUnits, warehouse.DailyCapacityUnits);
            Assert.Equal(warehouse.DailyCapacityUnits - warehouse.BacklogUnits, warehouse.RemainingCapacity);
            Assert.InRange(warehouse.Saturation, 0, 1);
            Assert.NotEmpty(warehouse.Lanes);
        }
    }

    [Fact]
    public async Task One_warehouse_is_read_from_its_grain()
    {
        var profile = host.Network.Warehouses[2];
        using var channel = host.Client(ApiRoles.Channel);
        using var response = await channel.GetAsync($"/api/v1/warehouses/{profile.WarehouseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warehouse = await response.ReadAsync<WarehouseResponse>();
        var truth = await host.Grains.GetGrain<Interfaces.Warehouses.IWarehouseGrain>(profile.WarehouseId).GetSnapshot();
        Assert.Equal((profile.Name, profile.City, profile.CutOffLocal, profile.TimeZone), (warehouse.Name, warehouse.City, warehouse.CutOffLocal, warehouse.TimeZone));
        Assert.Equal((truth.Status, truth.BacklogUnits, truth.OpenAllocations), (warehouse.Status, warehouse.BacklogUnits, warehouse.OpenAllocations));
    }

    [Fact]
    public async Task Unknown_warehouse_is_404_and_an_invalid_id_is_400()
    {
        using var viewer = host.Client(ApiRoles.Viewer);
        using var unknown = await viewer.GetAsync("/api/v1/warehouses/WH-NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("warehouse.not-found", await unknown.ProblemCodeAsync());

        using var invalid = await viewer.GetAsync("/api/v1/warehouses/WH%20SH");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("request.invalid", await invalid.ProblemCodeAsync());
    }

    [Theory]
    [InlineData(ApiRoles.Viewer)]
    [InlineData(ApiRoles.Channel)]
    [InlineData(ApiRoles.CustomerService)]
    public async Task Only_operations_and_admins_change_warehouses(string role)
    {
        // Refused by policy before the handler runs: the shared host's warehouses are not touched.
        using var client = host.Client(role);
        using var status = await client.PutAsync(
            "/api/v1/warehouses/WH-SH/status", new StringContent("""{"status":"offline","reason":"test"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal("auth.forbidden", await status.ProblemCodeAsync());
        using var capacity = await client.PutAsync(
            "/api/v1/warehouses/WH-SH/capacity", new StringContent("""{"dailyCapacityUnits":1}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, capacity.StatusCode);
        Assert.Equal(Interfaces.WarehouseStatus.Online, (await host.Grains.GetGrain<Interfaces.Warehouses.IWarehouseGrain>("WH-SH").GetSnapshot()).Status);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_list_warehouses()
    {
        using var anonymous = host.Anonymous();
        using var response = await anonymous.GetAsync("/api/v1/warehouses");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
