using System.Net;
using System.Text.Json;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using static OrderGrains.Api.Tests.Orders.OrderApiClient;

namespace OrderGrains.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class OrderEditApiTests(ApiHost host)
{
    [Fact]
    public async Task Line_change_replayed_under_its_key_applies_once_and_the_key_cannot_be_reused_for_another_change()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "edit-shop");
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer: 8, sku: 46, quantity: 2), "edit-lines-place");
        var change = new ChangeLinesRequest([new LineChangeRequest("L1", null, 3)]);

        var first = await channel.CommandAsync(HttpMethod.Patch, $"{OrdersPath}/{placed.OrderId}/lines", change, "edit-lines-1");
        var replay = await channel.CommandAsync(HttpMethod.Patch, $"{OrdersPath}/{placed.OrderId}/lines", change, "edit-lines-1");

        Assert.Equal(3, first.Lines[0].Quantity);
        Assert.Equal(first.Version, replay.Version);
        Assert.Single(await channel.TimelineAsync(placed.OrderId), e => e.Type == "LinesChanged");
        using var reused = await channel.SendJsonAsync(HttpMethod.Patch, $"{OrdersPath}/{placed.OrderId}/lines", new ChangeLinesRequest([new LineChangeRequest("L1", null, 4)]), "edit-lines-1");
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("order.idempotency-conflict", await reused.ProblemCodeAsync());

        // POST is the same command for clients without PATCH: a line is added.
        var sku = host.Network.Skus[47];
        var added = await channel.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{placed.OrderId}/lines",
            new ChangeLinesRequest([new LineChangeRequest(null, sku.Sku, 1, sku.Price)]), "edit-lines-2");
        Assert.Equal([("L1", 3), ("L2", 1)], added.Lines.Where(l => !l.Cancelled).Select(l => (l.LineId, l.Quantity)));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, added.Status);
    }

    [Fact]
    public async Task Address_change_replayed_under_its_key_applies_once()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        var order = ApiTestData.Order(host, customer: 9, sku: 48, quantity: 2);
        var placed = await service.PlaceAsync(order, "edit-address-place");
        var moved = order.ShipTo with { Line1 = "1 New Street", City = "Hangzhou" };

        var first = await service.CommandAsync(HttpMethod.Put, $"{OrdersPath}/{placed.OrderId}/address", moved, "edit-address-1");
        var replay = await service.CommandAsync(HttpMethod.Put, $"{OrdersPath}/{placed.OrderId}/address", moved, "edit-address-1");

        Assert.Equal("Hangzhou", first.ShipTo.City);
        Assert.Equal(first.Version, replay.Version);
        Assert.Single(await service.TimelineAsync(placed.OrderId), e => e.Type == "AddressChanged");
    }

    [Fact]
    public async Task Cancel_of_some_lines_keeps_the_others_and_a_replay_cancels_nothing_more()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "edit-shop");
        var order = ApiTestData.Order(host, customer: 10, sku: 49, quantity: 1);
        var second = host.Network.Skus[50];
        order = order with { Lines = [.. order.Lines, new OrderLineRequest(second.Sku, 2, second.Price)] };
        var placed = await channel.PlaceAsync(order, "edit-cancel-place");
        var cancel = new CancelOrderRequest("customer changed their mind", ["L2"]);

        var first = await channel.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{placed.OrderId}/cancel", cancel, "edit-cancel-1");
        var replay = await channel.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{placed.OrderId}/cancel", cancel, "edit-cancel-1");

        Assert.Equal([("L1", false), ("L2", true)], first.Lines.Select(l => (l.LineId, l.Cancelled)));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, first.Status);
        Assert.DoesNotContain(first.Shipments.Where(s => s.Status != ShipmentStatus.Cancelled).SelectMany(s => s.Lines), l => l.LineId == "L2");
        Assert.Equal(first.Version, replay.Version);
        var cancelled = Assert.Single(await channel.TimelineAsync(placed.OrderId), e => e.Type == "LinesCancelled");
        Assert.Equal("customer changed their mind", cancelled.Reason);

        var whole = await channel.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{placed.OrderId}/cancel", new CancelOrderRequest("order no longer wanted"), "edit-cancel-2");
        Assert.Equal(OrderStatus.Cancelled, whole.Status);
        Assert.All(whole.Lines, l => Assert.True(l.Cancelled));
    }

    [Fact]
    public async Task Edits_after_the_pick_are_refused_as_too_late_and_change_nothing()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "edit-shop");
        using var operations = host.Client(ApiRoles.Operations);
        var order = ApiTestData.Order(host, customer: 11, sku: 51, quantity: 2);
        var placed = await channel.PlaceAsync(order, "edit-late-place");
        var picked = await operations.ShipmentEventAsync(placed.OrderId, placed.Shipments[0].ShipmentId, ShipmentEventKind.Picked, "edit-late-pick");

        using var lines = await channel.SendJsonAsync(HttpMethod.Patch, $"{OrdersPath}/{placed.OrderId}/lines", new ChangeLinesRequest([new LineChangeRequest("L1", null, 1)]), "edit-late-lines");
        using var address = await channel.SendJsonAsync(HttpMethod.Put, $"{OrdersPath}/{placed.OrderId}/address", order.ShipTo with { City = "Suzhou" }, "edit-late-address");
        using var cancel = await channel.PostJsonAsync($"{OrdersPath}/{placed.OrderId}/cancel", new CancelOrderRequest("too slow"), "edit-late-cancel");

        foreach (var response in new[] { lines, address, cancel })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("order.too-late", await response.ProblemCodeAsync());
        }

        var now = await channel.GetOrderAsync(placed.OrderId);
        Assert.Equal((picked.Version, OrderStatus.Picked, 2), (now.Version, now.Status, now.Lines[0].Quantity));
    }

    [Fact]
    public async Task Invalid_command_bodies_name_their_fields_before_the_order_is_touched()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "edit-shop");
        using var operations = host.Client(ApiRoles.Operations);
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer: 12, sku: 52, quantity: 2), "edit-invalid-place");
        var path = $"{OrdersPath}/{placed.OrderId}";

        await AssertFieldsAsync(
            await channel.SendJsonAsync(HttpMethod.Patch, $"{path}/lines", new ChangeLinesRequest([new LineChangeRequest("L1", "OTHER", -1, 5m), new LineChangeRequest(null, "NO-SUCH-SKU", 1, 1m)])),
            "changes[0].quantity", "changes[0].sku", "changes[0].unitPrice");
        await AssertFieldsAsync(
            await channel.SendJsonAsync(HttpMethod.Patch, $"{path}/lines", new ChangeLinesRequest([new LineChangeRequest(null, "NO-SUCH-SKU", 1, 1m)])),
            "changes[0].sku");
        await AssertFieldsAsync(await channel.PostJsonAsync($"{path}/cancel", new CancelOrderRequest(" ", ["L1", "L1"])), "reason", "lineIds");
        await AssertFieldsAsync(await channel.SendJsonAsync(HttpMethod.Put, $"{path}/address", new { name = "x", line1 = "", city = "c", region = "r", postalCode = "1", country = "CHN", latitude = 95, longitude = 0 }),
            "line1", "country", "latitude");
        await AssertFieldsAsync(await operations.PostJsonAsync($"{path}/shipments/{placed.Shipments[0].ShipmentId}/events", new { carrier = "SF" }), "kind", "at");
        await AssertFieldsAsync(await operations.PostJsonAsync($"{path}/shipments/{placed.Shipments[0].ShipmentId}/events", new ShipmentEventRequest(ShipmentEventKind.Picked, DateTimeOffset.UtcNow.AddDays(30))), "at");
        await AssertFieldsAsync(await channel.PostJsonAsync($"{path}/returns", new CreateReturnRequest([new ReturnLineRequest("L1", 0)], "")), "reason", "lines[0].quantity");
        await AssertFieldsAsync(await channel.PostJsonAsync($"{path}/cancel", new CancelOrderRequest("fine"), new string('k', 201)), "Idempotency-Key");

        using var malformed = await channel.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{path}/cancel") { Content = new StringContent("{\"reason\": ", System.Text.Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("request.malformed", await malformed.ProblemCodeAsync());
        Assert.Equal(placed.Version, (await channel.GetOrderAsync(placed.OrderId)).Version);
    }

    [Fact]
    public async Task A_channel_cannot_see_or_change_another_channels_order()
    {
        using var web = host.Client(ApiRoles.Channel, "web", subject: "edit-shop");
        using var marketplace = host.ApiKeyClient(ApiHost.MarketplaceKey);
        var order = ApiTestData.Order(host, customer: 13, sku: 53, quantity: 2);
        var placed = await web.PlaceAsync(order, "edit-foreign-place");
        var path = $"{OrdersPath}/{placed.OrderId}";

        var responses = new List<HttpResponseMessage>
        {
            await marketplace.GetAsync(path),
            await marketplace.GetAsync($"{path}/timeline"),
            await marketplace.GetAsync($"{path}/timeline/live"),
            await marketplace.SendJsonAsync(HttpMethod.Patch, $"{path}/lines", new ChangeLinesRequest([new LineChangeRequest("L1", null, 1)]), "foreign-1"),
            await marketplace.SendJsonAsync(HttpMethod.Put, $"{path}/address", order.ShipTo with { City = "Xi'an" }, "foreign-2"),
            await marketplace.PostJsonAsync($"{path}/cancel", new CancelOrderRequest("mine now"), "foreign-3"),
            await marketplace.PostJsonAsync($"{path}/release-hold", (object?)null, "foreign-4"),
            await marketplace.PostJsonAsync($"{path}/returns", new CreateReturnRequest([new ReturnLineRequest("L1", 1)], "broken"), "foreign-5"),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("order.not-found", await response.ProblemCodeAsync());
            response.Dispose();
        }

        var now = await web.GetOrderAsync(placed.OrderId);
        Assert.Equal((placed.Version, 2), (now.Version, now.Lines[0].Quantity));
    }

    [Fact]
    public async Task Commands_on_an_order_that_does_not_exist_are_404()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var cancel = await service.PostJsonAsync($"{OrdersPath}/ord-does-not-exist/cancel", new CancelOrderRequest("nothing"), "missing-1");
        using var timeline = await service.GetAsync($"{OrdersPath}/ord-does-not-exist/timeline");
        using var bad = await service.GetAsync($"{OrdersPath}/bad%20id!/timeline");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { cancel.StatusCode, timeline.StatusCode, bad.StatusCode });
        Assert.Equal("order.not-found", await cancel.ProblemCodeAsync());
    }

    private static async Task AssertFieldsAsync(HttpResponseMessage response, params string[] fields)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
            using var problem = JsonDocument.Parse(text);
            Assert.Equal("request.invalid", problem.RootElement.GetProperty("code").GetString());
            var reported = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                Assert.True(reported.Contains(field), $"Expected an error for {field} in {text}");
            }
        }
    }
}
