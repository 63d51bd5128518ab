using System.Net;
using OrderGrains.Api.Tests.Inventory;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Promises;

[Collection(ApiCollection.Name)]
public sealed class PromiseEndpointTests(ApiHost host)
{
    [Fact]
    public async Task Quote_promises_each_shipment_and_reserves_nothing()
    {
        var stock = host.Network.Stock.Where(s => s.OnHand - s.SafetyStock >= 20).Skip(11).First();
        var slot = host.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(stock.Sku, stock.WarehouseId));
        var before = await slot.GetSnapshot();

        using var channel = host.Client(ApiRoles.Channel);
        using var response = await channel.PostJsonAsync("/api/v1/promises/quote", Cart(stock.Sku, 2) with { Confidence = 0.9 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quote = await response.ReadAsync<QuoteResponse>();
        Assert.True(quote.Available, quote.UnavailableReason);
        var shipment = Assert.Single(quote.Shipments);
        Assert.Equal(("Q1", stock.Sku, 2), (shipment.Lines[0].LineId, shipment.Lines[0].Sku, shipment.Lines[0].Quantity));
        Assert.Equal(0.9, shipment.Promise.Confidence);
        Assert.True(shipment.Promise.Probability >= 0.9, $"P = {shipment.Promise.Probability}");
        Assert.Equal(shipment.Promise.PromisedBy, quote.DeliveredBy);
        Assert.False(string.IsNullOrWhiteSpace(quote.Text));
        Assert.NotEmpty(shipment.Promise.Daily);

        var after = await slot.GetSnapshot();
        Assert.Equal((before.Reserved, before.OpenReservations), (after.Reserved, after.OpenReservations));
    }

    [Fact]
    public async Task Quote_for_more_than_the_network_holds_is_unavailable_with_the_short_line()
    {
        var sku = host.Network.Skus[9].Sku;
        var total = host.Network.Stock.Where(s => s.Sku == sku).Sum(s => s.OnHand);
        Assert.True(total < 10_000, "the demo network holds less than the largest line");

        using var viewer = host.Client(ApiRoles.Viewer);
        using var response = await viewer.PostJsonAsync("/api/v1/promises/quote", Cart(sku, 10_000) with { AcceptsSplit = false });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quote = await response.ReadAsync<QuoteResponse>();
        Assert.False(quote.Available);
        Assert.Empty(quote.Shipments);
        Assert.False(string.IsNullOrWhiteSpace(quote.UnavailableReason));
    }

    [Theory]
    [InlineData("""{"lines":[],"destination":{"city":"Hangzhou","region":"Zhejiang","postalCode":"310000","country":"CN","latitude":30.2,"longitude":120.2}}""", "lines")]
    [InlineData("""{"lines":[{"sku":"SKU-1","quantity":0}],"destination":{"city":"Hangzhou","region":"Zhejiang","postalCode":"310000","country":"CN","latitude":30.2,"longitude":120.2}}""", "lines[0].quantity")]
    [InlineData("""{"lines":[{"sku":"NO-SUCH-SKU","quantity":1}],"destination":{"city":"Hangzhou","region":"Zhejiang","postalCode":"310000","country":"CN","latitude":30.2,"longitude":120.2}}""", "lines[0].sku")]
    [InlineData("""{"lines":[{"sku":"SKU-1","quantity":1}],"destination":{"city":"Hangzhou","region":"Zhejiang","postalCode":"310000","country":"CN","longitude":120.2}}""", "destination.latitude")]
    [InlineData("""{"lines":[{"sku":"SKU-1","quantity":1}],"destination":{"city":"Hangzhou","region":"Zhejiang","postalCode":"310000","country":"China","latitude":30.2,"longitude":120.2}}""", "destination.country")]
    [InlineData("""{"lines":[{"sku":"SKU-1","quantity":1}],"destination":{"city":"Hangzhou","region":"Zhejiang","postalCode":"310000","country":"CN","latitude":30.2,"longitude":120.2},"confidence":1.5}""", "confidence")]
    [InlineData("""{"lines":[{"sku":"SKU-1","quantity":1}]}""", "destination")]
    public async Task Invalid_quotes_name_the_field(string body, string field)
    {
        using var channel = host.Client(ApiRoles.Channel);
        using var response = await channel.SendJsonAsync(HttpMethod.Post, "/api/v1/promises/quote", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
        Assert.Contains(field, await response.InvalidFieldsAsync());
    }

    [Fact]
    public async Task Order_promise_has_each_shipment_committed_date_for_callers_that_see_the_order()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "promise-web");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 8, sku: 12), "promise-order-1");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadAsync<OrderView>();

        using var response = await channel.GetAsync($"/api/v1/orders/{order.OrderId}/promise");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var promise = await response.ReadAsync<OrderPromiseResponse>();
        Assert.Equal(order.OrderId, promise.OrderId);
        var outlook = Assert.Single(promise.Shipments);
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal((shipment.ShipmentId, shipment.PromisedBy), (outlook.ShipmentId, outlook.CommittedBy));
        Assert.NotNull(outlook.Current);
        Assert.InRange(outlook.ProbabilityByCommitted!.Value, 0, 1);

        using var service = host.Client(ApiRoles.CustomerService);
        using var read = await service.GetAsync($"/api/v1/orders/{order.OrderId}/promise");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var otherChannel = host.ApiKeyClient(ApiHost.PosKey);
        using var hidden = await otherChannel.GetAsync($"/api/v1/orders/{order.OrderId}/promise");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("order.not-found", await hidden.ProblemCodeAsync());
    }

    [Fact]
    public async Task Promise_of_an_unknown_order_is_404()
    {
        using var viewer = host.Client(ApiRoles.Viewer);
        using var response = await viewer.GetAsync("/api/v1/orders/ord-never-placed/promise");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("order.not-found", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Anonymous_callers_get_no_promises()
    {
        using var anonymous = host.Anonymous();
        using var quote = await anonymous.PostJsonAsync("/api/v1/promises/quote", Cart(host.Network.Skus[0].Sku, 1));
        Assert.Equal(HttpStatusCode.Unauthorized, quote.StatusCode);
        using var order = await anonymous.GetAsync("/api/v1/orders/ord-any/promise");
        Assert.Equal(HttpStatusCode.Unauthorized, order.StatusCode);
    }

    private QuoteRequestBody Cart(string sku, int quantity)
    {
        var address = host.Network.Customers[8].Addresses[0];
        return new QuoteRequestBody(
            [new QuoteLineRequest(sku, quantity)],
            new QuoteDestinationRequest(address.City, address.Region, address.PostalCode, address.Country, address.Latitude, address.Longitude));
    }
}
