using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderGrains.ClientApi.Channels;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Channels;

public sealed class ChannelOrderTests(ChannelTestHost fixture) : IClassFixture<ChannelTestHost>
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task The_same_order_in_both_channel_shapes_becomes_equivalent_orders()
    {
        using var marketplace = Host.ApiKeyClient(ApiHost.MarketplaceKey);
        using var pos = Host.ApiKeyClient(ApiHost.PosKey);

        using var fromMarketplace = await marketplace.PostJsonAsync("/api/v1/channels/marketplace/orders",
            ChannelPayloads.Marketplace(Host, "MP-1001", customer: 1, skus: [3, 7], speedCode: "EXP"));
        using var fromPos = await pos.PostJsonAsync("/api/v1/channels/pos/orders",
            ChannelPayloads.Pos(Host, "R-1001", customer: 2, skus: [3, 7], speedCode: 2));

        Assert.Equal(HttpStatusCode.Created, fromMarketplace.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromPos.StatusCode);
        var a = await fromMarketplace.ReadAsync<OrderView>();
        var b = await fromPos.ReadAsync<OrderView>();
        Assert.Equal("marketplace", a.Channel);
        Assert.Equal("pos", b.Channel);
        Assert.Equal(Host.Network.Customers[1].CustomerId, a.CustomerId);
        Assert.Equal(Host.Network.Customers[2].CustomerId, b.CustomerId);
        Assert.Equal(Host.Network.Customers[1].Addresses[0], a.ShipTo);
        Assert.Equal(Host.Network.Customers[2].Addresses[0], b.ShipTo);
        Assert.Equal(Lines(a), Lines(b));
        Assert.Equal([(Host.Network.Skus[3].Sku, 2, Host.Network.Skus[3].Price, true), (Host.Network.Skus[7].Sku, 2, Host.Network.Skus[7].Price, true)], Lines(a));
        Assert.Equal((ShippingSpeed.Express, true), (a.Speed, a.IsGift));
        Assert.Equal((ShippingSpeed.Express, true), (b.Speed, b.IsGift));
        Assert.Equal(a.Status, b.Status);
    }

    [Fact]
    public void Both_shapes_map_to_the_same_request_but_for_the_channel()
    {
        var registry = ChannelRegistry.Load(ChannelMappingTests.Configuration(ChannelTestHost.Settings));
        var fromMarketplace = registry.Find("marketplace")!.Map(Parse(ChannelPayloads.Marketplace(Host, "MP-2", 4, [1, 2, 5], quantity: 3, "NDA", gift: false)));
        var fromPos = registry.Find("pos")!.Map(Parse(ChannelPayloads.Pos(Host, "R-2", 4, [1, 2, 5], quantity: 3, speedCode: 3, gift: false)));

        Assert.Null(fromMarketplace.Errors);
        Assert.Null(fromPos.Errors);
        Assert.Equal(("MP-2", "R-2"), (fromMarketplace.OrderReference, fromPos.OrderReference));
        Assert.Equal(
            JsonSerializer.Serialize(fromMarketplace.Request! with { Channel = null }),
            JsonSerializer.Serialize(fromPos.Request! with { Channel = null }));
        Assert.Equal(ShippingSpeed.Priority, fromPos.Request!.Speed);
        Assert.Equal("Leave at the door", fromPos.Request.Note);
    }

    [Fact]
    public async Task Replaying_a_channel_order_reference_returns_the_same_order_and_a_changed_body_is_a_conflict()
    {
        using var pos = Host.ApiKeyClient(ApiHost.PosKey);
        using var first = await pos.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-REPLAY-7", customer: 5, skus: [11]));
        using var again = await pos.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-REPLAY-7", customer: 5, skus: [11]));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var order = await first.ReadAsync<OrderView>();
        Assert.Equal(order.OrderId, (await again.ReadAsync<OrderView>()).OrderId);
        Assert.Equal(order.Version, (await again.ReadAsync<OrderView>()).Version);

        using var changed = await pos.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-REPLAY-7", customer: 5, skus: [11], quantity: 5));
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal("order.idempotency-conflict", await changed.ProblemCodeAsync());

        using var other = await pos.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-REPLAY-8", customer: 6, skus: [11]));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.NotEqual(order.OrderId, (await other.ReadAsync<OrderView>()).OrderId);
    }

    [Fact]
    public async Task An_idempotency_key_header_takes_precedence_over_the_channel_order_reference()
    {
        using var marketplace = Host.ApiKeyClient(ApiHost.MarketplaceKey);
        using var first = await marketplace.PostJsonAsync("/api/v1/channels/marketplace/orders",
            ChannelPayloads.Marketplace(Host, "MP-KEYED-1", customer: 7, skus: [12]), idempotencyKey: "mp-header-key");
        using var sameKeyOtherRef = await marketplace.PostJsonAsync("/api/v1/channels/marketplace/orders",
            ChannelPayloads.Marketplace(Host, "MP-KEYED-1", customer: 7, skus: [12]), idempotencyKey: "mp-header-key");
        using var noKey = await marketplace.PostJsonAsync("/api/v1/channels/marketplace/orders",
            ChannelPayloads.Marketplace(Host, "MP-KEYED-1", customer: 7, skus: [12]));

        var order = await first.ReadAsync<OrderView>();
        Assert.Equal(order.OrderId, (await sameKeyOtherRef.ReadAsync<OrderView>()).OrderId);
        Assert.Equal(HttpStatusCode.Created, noKey.StatusCode);
        Assert.NotEqual(order.OrderId, (await noKey.ReadAsync<OrderView>()).OrderId);
    }

    [Fact]
    public async Task Mapping_errors_list_the_channels_own_field_paths()
    {
        using var marketplace = Host.ApiKeyClient(ApiHost.MarketplaceKey);
        var payload = ChannelPayloads.Marketplace(Host, "MP-BAD-1", customer: 1, skus: [3, 4]);
        payload["buyer"]!.AsObject().Remove("id");
        payload["items"]![1]!["qty"] = "two";
        payload["shipping"]!["geo"] = "31.2,121.4";
        payload["shipping"]!["method"] = "TELEPORT";

        using var response = await marketplace.PostJsonAsync("/api/v1/channels/marketplace/orders", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
        var fields = await ErrorFieldsAsync(response);
        Assert.Equal(["$.buyer.id", "$.items[1].qty", "$.shipping.geo.lat", "$.shipping.geo.lng", "$.shipping.method"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Validation_and_reference_errors_are_reported_under_the_channels_paths()
    {
        using var pos = Host.ApiKeyClient(ApiHost.PosKey);
        var payload = ChannelPayloads.Pos(Host, "R-BAD-2", customer: 1, skus: [3, 4]);
        payload["basket"]![0]!["count"] = 0;
        payload["basket"]![0]!["price"] = -5;
        payload["ship_country"] = "Atlantis";
        payload["ship_lat"] = 95.5;

        using var invalid = await pos.PostJsonAsync("/api/v1/channels/pos/orders", payload);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["$.basket[0].count", "$.basket[0].price", "$.ship_country", "$.ship_lat"], (await ErrorFieldsAsync(invalid)).Order(StringComparer.Ordinal));

        var unknownSku = ChannelPayloads.Pos(Host, "R-BAD-3", customer: 1, skus: [3, 4]);
        unknownSku["basket"]![1]!["item"] = "SKU-NOPE";
        using var unknown = await pos.PostJsonAsync("/api/v1/channels/pos/orders", unknownSku);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["$.basket[1].item"], await ErrorFieldsAsync(unknown));
    }

    [Fact]
    public async Task Fields_the_mapping_does_not_name_are_ignored()
    {
        using var marketplace = Host.ApiKeyClient(ApiHost.MarketplaceKey);
        var payload = ChannelPayloads.Marketplace(Host, "MP-EXTRA-1", customer: 8, skus: [13]);
        payload["riskScore"] = 0.02;
        payload["buyer"]!["$type"] = "System.Object";
        payload["items"]![0]!["attributes"] = new JsonObject { ["colour"] = "red", ["nested"] = new JsonArray(1, 2, 3) };

        using var response = await marketplace.PostJsonAsync("/api/v1/channels/marketplace/orders", payload);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Host.Network.Skus[13].Price, (await response.ReadAsync<OrderView>()).Lines.Single().UnitPrice);
    }

    [Fact]
    public async Task A_mapped_property_sent_twice_is_refused_rather_than_guessed()
    {
        using var marketplace = Host.ApiKeyClient(ApiHost.MarketplaceKey);
        var json = ChannelPayloads.Marketplace(Host, "MP-DUP-1", customer: 9, skus: [14]).ToJsonString();
        json = json.Replace("\"buyer\":{", "\"buyer\":{\"id\":\"C-OTHER\",", StringComparison.Ordinal);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await marketplace.PostAsync("/api/v1/channels/marketplace/orders", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.buyer.id"], await ErrorFieldsAsync(response));
    }

    [Fact]
    public async Task A_channel_system_posts_to_its_own_channel_only()
    {
        using var pos = Host.ApiKeyClient(ApiHost.PosKey);
        using var response = await pos.PostJsonAsync("/api/v1/channels/marketplace/orders", ChannelPayloads.Marketplace(Host, "MP-X-1", 1, [3]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("auth.forbidden", await response.ProblemCodeAsync());

        using var webChannel = Host.Client(ApiRoles.Channel, "web");
        using var alsoForbidden = await webChannel.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-X-1", 1, [3]));
        Assert.Equal(HttpStatusCode.Forbidden, alsoForbidden.StatusCode);

        using var viewer = Host.Client(ApiRoles.Viewer);
        using var notWriter = await viewer.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-X-2", 1, [3]));
        Assert.Equal(HttpStatusCode.Forbidden, notWriter.StatusCode);
    }

    [Fact]
    public async Task Customer_service_may_post_for_a_channel_and_the_channel_system_then_sees_the_order()
    {
        using var service = Host.Client(ApiRoles.CustomerService);
        using var placed = await service.PostJsonAsync("/api/v1/channels/pos/orders", ChannelPayloads.Pos(Host, "R-CS-1", customer: 10, skus: [15], speedCode: 1, gift: false));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadAsync<OrderView>();
        Assert.Equal(("pos", ShippingSpeed.Standard, false), (order.Channel, order.Speed, order.IsGift));

        using var pos = Host.ApiKeyClient(ApiHost.PosKey);
        using var read = await pos.GetAsync(placed.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var marketplace = Host.ApiKeyClient(ApiHost.MarketplaceKey);
        using var hidden = await marketplace.GetAsync(placed.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task An_unknown_channel_is_a_404_problem()
    {
        using var admin = Host.Client(ApiRoles.Admin);
        using var response = await admin.PostJsonAsync("/api/v1/channels/carrier-pigeon/orders", ChannelPayloads.Pos(Host, "R-1", 1, [3]));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("channel.not-found", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_a_json_object_is_a_400_problem()
    {
        using var pos = Host.ApiKeyClient(ApiHost.PosKey);
        foreach (var body in new[] { "[1,2,3]", "null", "\"order\"", "{\"receipt_no\": " })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await pos.PostAsync("/api/v1/channels/pos/orders", content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            Assert.NotNull(await response.ProblemCodeAsync());
        }
    }

    [Fact]
    public async Task Admins_can_read_the_configured_mappings()
    {
        using var admin = Host.Client(ApiRoles.Admin);
        var channels = await (await admin.GetAsync("/api/v1/channels")).ReadAsync<ChannelDescription[]>();
        Assert.Equal(["marketplace", "pos"], channels.Select(c => c.ChannelId));
        Assert.Equal("$.items[].priceCents", channels[0].Fields["lines[].unitPrice"]);
        Assert.Equal(2, channels[0].UnitPriceScale);
        Assert.Equal("express", channels[1].SpeedValues["2"]);

        using var pos = Host.ApiKeyClient(ApiHost.PosKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await pos.GetAsync("/api/v1/channels/pos")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/channels/nope")).StatusCode);
    }

    private static (string Sku, int Quantity, decimal UnitPrice, bool IsGift)[] Lines(OrderView order) =>
        [.. order.Lines.Select(l => (l.Sku, l.Quantity, l.UnitPrice, l.IsGift))];

    private static JsonElement Parse(JsonObject payload) => JsonDocument.Parse(payload.ToJsonString()).RootElement;

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }
}
