using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Api.Tests.Inventory;

[Collection(ApiCollection.Name)]
public sealed class StockSlotEndpointTests(ApiHost host)
{
    private const string Warehouse = "WH-HZ";

    private static string Slot(string sku, string warehouse = Warehouse) => $"/api/v1/inventory/{sku}/warehouses/{warehouse}";

    [Fact]
    public async Task Receive_is_idempotent_by_reference()
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var first = await ops.PostJsonAsync(Slot("INV-RCV-1") + "/receive", new ReceiveStockRequest(10, "PO-1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(10, (await first.ReadAsync<StockSlotResponse>()).OnHand);

        using var replay = await ops.PostJsonAsync(Slot("INV-RCV-1") + "/receive", new ReceiveStockRequest(10, "PO-1"));
        Assert.Equal(10, (await replay.ReadAsync<StockSlotResponse>()).OnHand);

        using var second = await ops.PostJsonAsync(Slot("INV-RCV-1") + "/receive", new ReceiveStockRequest(5, "PO-2"));
        var slot = await second.ReadAsync<StockSlotResponse>();
        Assert.Equal((15, 15, "INV-RCV-1", Warehouse), (slot.OnHand, slot.Available, slot.Sku, slot.WarehouseId));
    }

    [Fact]
    public async Task Slot_read_is_the_stock_slot_snapshot()
    {
        var stock = host.Network.Stock.First(s => s.OnHand > 0 && s.SafetyStock > 0);
        using var viewer = host.Client(ApiRoles.Viewer);
        using var response = await viewer.GetAsync(Slot(stock.Sku, stock.WarehouseId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var slot = await response.ReadAsync<StockSlotResponse>();
        var truth = await host.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(stock.Sku, stock.WarehouseId)).GetSnapshot();
        Assert.Equal(StockSlotResponse.From(truth), slot);
        Assert.Equal(stock.SafetyStock, slot.SafetyStock);
    }

    [Fact]
    public async Task Adjust_below_reserved_plus_safety_stock_is_refused_and_changes_nothing()
    {
        using var ops = host.Client(ApiRoles.Operations);
        (await ops.PostJsonAsync(Slot("INV-ADJ-1") + "/receive", new ReceiveStockRequest(10, "PO-1"))).Dispose();
        using var safety = await ops.PutJsonAsync(Slot("INV-ADJ-1") + "/safety-stock", new SafetyStockRequest(4));
        Assert.Equal(4, (await safety.ReadAsync<StockSlotResponse>()).SafetyStock);

        using var refused = await ops.PostJsonAsync(Slot("INV-ADJ-1") + "/adjust", new AdjustStockRequest(-7, "cycle-count", "CC-1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("stock.adjust-below-reserved", await refused.ProblemCodeAsync());

        using var adjusted = await ops.PostJsonAsync(Slot("INV-ADJ-1") + "/adjust", new AdjustStockRequest(-6, "cycle-count", "CC-2"));
        Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);
        var slot = await adjusted.ReadAsync<StockSlotResponse>();
        Assert.Equal((4, 4, 0), (slot.OnHand, slot.SafetyStock, slot.Available));

        using var replay = await ops.PostJsonAsync(Slot("INV-ADJ-1") + "/adjust", new AdjustStockRequest(-6, "cycle-count", "CC-2"));
        Assert.Equal(4, (await replay.ReadAsync<StockSlotResponse>()).OnHand);
    }

    [Fact]
    public async Task Expected_inbound_is_set_and_cleared()
    {
        using var ops = host.Client(ApiRoles.Operations);
        var on = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        using var set = await ops.PutJsonAsync(Slot("INV-INB-1") + "/expected-inbound", new ExpectedInboundRequest(on, 40));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(new InboundStock(on, 40), (await set.ReadAsync<StockSlotResponse>()).ExpectedInbound);

        using var cleared = await ops.DeleteAsync(Slot("INV-INB-1") + "/expected-inbound");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null((await cleared.ReadAsync<StockSlotResponse>()).ExpectedInbound);
        Assert.Null((await host.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("INV-INB-1", Warehouse)).GetSnapshot()).ExpectedInbound);
    }

    [Fact]
    public async Task Writes_to_an_unknown_warehouse_are_refused_before_the_slot_changes()
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var receive = await ops.PostJsonAsync(Slot("INV-UNK-1", "WH-NOPE") + "/receive", new ReceiveStockRequest(10, "PO-1"));
        Assert.Equal(HttpStatusCode.NotFound, receive.StatusCode);
        Assert.Equal("warehouse.not-found", await receive.ProblemCodeAsync());
        using var inbound = await ops.PutJsonAsync(Slot("INV-UNK-1", "WH-NOPE") + "/expected-inbound", new ExpectedInboundRequest(DateOnly.FromDateTime(DateTime.UtcNow), 5));
        Assert.Equal(HttpStatusCode.NotFound, inbound.StatusCode);

        var slot = await host.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("INV-UNK-1", "WH-NOPE")).GetSnapshot();
        Assert.Equal((0, null), (slot.OnHand, slot.ExpectedInbound));
    }

    [Fact]
    public async Task Reads_of_an_unknown_warehouse_or_sku_are_404()
    {
        using var viewer = host.Client(ApiRoles.Viewer);
        using var warehouse = await viewer.GetAsync(Slot(host.Network.Skus[0].Sku, "WH-NOPE"));
        Assert.Equal(HttpStatusCode.NotFound, warehouse.StatusCode);
        Assert.Equal("warehouse.not-found", await warehouse.ProblemCodeAsync());

        using var sku = await viewer.GetAsync(Slot("NO-SUCH-SKU"));
        Assert.Equal(HttpStatusCode.NotFound, sku.StatusCode);
        Assert.Equal("sku.not-found", await sku.ProblemCodeAsync());
    }

    [Theory]
    [InlineData("receive", "POST", """{"quantity":0,"reference":"R-1"}""", "quantity")]
    [InlineData("receive", "POST", """{"quantity":1000001,"reference":"R-1"}""", "quantity")]
    [InlineData("receive", "POST", """{"reference":"R-1"}""", "quantity")]
    [InlineData("receive", "POST", """{"quantity":5}""", "reference")]
    [InlineData("receive", "POST", """{"quantity":5,"reference":"has spaces"}""", "reference")]
    [InlineData("adjust", "POST", """{"delta":0,"reason":"count","reference":"A-1"}""", "delta")]
    [InlineData("adjust", "POST", """{"delta":-1000001,"reason":"count","reference":"A-1"}""", "delta")]
    [InlineData("adjust", "POST", """{"delta":3,"reference":"A-1"}""", "reason")]
    [InlineData("adjust", "POST", """{"delta":3,"reason":"count"}""", "reference")]
    [InlineData("safety-stock", "PUT", """{"units":-1}""", "units")]
    [InlineData("safety-stock", "PUT", """{}""", "units")]
    [InlineData("expected-inbound", "PUT", """{"expectedOn":"2001-01-01","quantity":5}""", "expectedOn")]
    [InlineData("expected-inbound", "PUT", """{"expectedOn":"2999-01-01","quantity":5}""", "expectedOn")]
    [InlineData("expected-inbound", "PUT", """{"quantity":5}""", "expectedOn")]
    [InlineData("expected-inbound", "PUT", """{"expectedOn":"2030-01-01","quantity":0}""", "quantity")]
    public async Task Invalid_stock_commands_name_the_field_and_change_nothing(string action, string method, string body, string field)
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.SendJsonAsync(new HttpMethod(method), Slot("INV-BAD-1") + "/" + action, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
        Assert.Contains(field, await response.InvalidFieldsAsync());

        var slot = await host.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("INV-BAD-1", Warehouse)).GetSnapshot();
        Assert.Equal((0, 0, null), (slot.OnHand, slot.SafetyStock, slot.ExpectedInbound));
    }

    [Theory]
    [InlineData("""{"quantity":"ten","reference":"R-1"}""")]
    [InlineData("""{"quantity":5,"reference":"R-1","warehouse":"WH-SH"}""")]
    [InlineData("""{"quantity":99999999999,"reference":"R-1"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"quantity":5,""")]
    public async Task Malformed_bodies_are_a_400_problem(string body)
    {
        using var ops = host.Client(ApiRoles.Operations);
        using var response = await ops.SendJsonAsync(HttpMethod.Post, Slot("INV-BAD-2") + "/receive", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.malformed", await response.ProblemCodeAsync());
    }

    [Theory]
    [InlineData("bad%20sku", Warehouse, "sku")]
    [InlineData("SKU-1", "WH%24X", "warehouseId")]
    [InlineData("A123456789012345678901234567890123456789012345678901234567890123456789", Warehouse, "sku")]
    public async Task Invalid_ids_are_refused(string sku, string warehouse, string field)
    {
        using var viewer = host.Client(ApiRoles.Viewer);
        using var response = await viewer.GetAsync(Slot(sku, warehouse));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.InvalidFieldsAsync());
    }

    [Theory]
    [InlineData(ApiRoles.Viewer)]
    [InlineData(ApiRoles.Channel)]
    [InlineData(ApiRoles.CustomerService)]
    public async Task Only_operations_and_admins_change_stock(string role)
    {
        using var client = host.Client(role);
        using var response = await client.PostJsonAsync(Slot("INV-ROLE-1") + "/receive", new ReceiveStockRequest(10, "PO-1"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var read = await client.GetAsync(Slot(host.Network.Stock[0].Sku, host.Network.Stock[0].WarehouseId));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var admin = host.Client(ApiRoles.Admin);
        using var allowed = await admin.PostJsonAsync(Slot("INV-ROLE-1") + "/receive", new ReceiveStockRequest(10, "PO-" + role));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_or_change_stock()
    {
        using var anonymous = host.Anonymous();
        using var read = await anonymous.GetAsync(Slot(host.Network.Stock[0].Sku));
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        using var write = await anonymous.PostJsonAsync(Slot("INV-ANON-1") + "/receive", new ReceiveStockRequest(10, "PO-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }
}
