using System.Net;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class PlaceOrderTests(ApiHost host)
{
    [Fact]
    public async Task Placed_order_is_created_and_readable_by_its_location()
    {
        using var channel = host.Client(ApiRoles.Channel, "web");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 1, sku: 3), "place-1");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadAsync<OrderView>();
        Assert.Equal("web", order.Channel);
        Assert.Equal(OrderStatus.ReleasedToWarehouse, order.Status);

        using var read = await channel.GetAsync(placed.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(order.OrderId, (await read.ReadAsync<OrderView>()).OrderId);
    }

    [Fact]
    public async Task Replay_with_the_same_key_returns_the_same_order_and_a_different_body_is_a_conflict()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "replayer");
        using var first = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 2, sku: 4), "replay-key");
        using var again = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 2, sku: 4), "replay-key");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((await first.ReadAsync<OrderView>()).OrderId, (await again.ReadAsync<OrderView>()).OrderId);

        using var different = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 2, sku: 5), "replay-key");
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("order.idempotency-conflict", await different.ProblemCodeAsync());
    }

    [Fact]
    public async Task Invalid_order_lists_the_invalid_fields_and_places_nothing()
    {
        using var channel = host.Client(ApiRoles.Channel, "web");
        var order = ApiTestData.Order(host) with { Lines = [new("NO-SUCH-SKU", 0, -1m)] };
        using var response = await channel.PostJsonAsync("/api/v1/orders", order, "invalid-1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("lines[0].quantity", text, StringComparison.Ordinal);
        Assert.Contains("lines[0].unitPrice", text, StringComparison.Ordinal);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Order_without_the_optional_region_is_placed()
    {
        using var channel = host.Client(ApiRoles.Channel, "web");
        var order = ApiTestData.Order(host, customer: 3, sku: 6);
        using var placed = await channel.PostJsonAsync("/api/v1/orders", order with { ShipTo = order.ShipTo with { Region = null } }, "no-region-1");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(string.Empty, (await placed.ReadAsync<OrderView>()).ShipTo.Region);
    }

    [Fact]
    public async Task Anonymous_callers_get_a_401_problem()
    {
        using var anonymous = host.Anonymous();
        using var response = await anonymous.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("auth.unauthorized", await response.ProblemCodeAsync());
    }
}
