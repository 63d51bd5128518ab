using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Search;

/// <summary>
/// Orders placed over HTTP are found through the order list and the customer history. The index is eventually
/// consistent, so reads poll (bounded by a deadline) until the projection has caught up. Every test uses customers of
/// its own, so orders placed by other tests on the shared host do not disturb the expected results.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OrderSearchTests(ApiHost host)
{
    private static readonly TimeSpan CatchUpDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Placed_orders_are_listed_for_their_customer_newest_first()
    {
        var customer = NewCustomer();
        using var web = host.Client(ApiRoles.Channel, "web");
        var placed = await PlaceAsync(web, customer, 3);

        using var operations = host.Client(ApiRoles.Operations);
        var page = await ListUntilAsync(operations, $"/api/v1/orders?customerId={customer}", p => p.Items.Count == 3);

        Assert.Equal(Newest(placed), page.Items.Select(o => o.OrderId));
        Assert.All(page.Items, o => Assert.Equal((customer, "web", OrderStatus.ReleasedToWarehouse), (o.CustomerId, o.Channel, o.Status)));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Summaries_carry_no_names_addresses_or_phone_numbers()
    {
        var customer = NewCustomer();
        using var web = host.Client(ApiRoles.Channel, "web");
        await PlaceAsync(web, customer, 1);
        var address = ApiTestData.Order(host).ShipTo;

        using var operations = host.Client(ApiRoles.Operations);
        await ListUntilAsync(operations, $"/api/v1/orders?customerId={customer}", p => p.Items.Count == 1);
        using var response = await operations.GetAsync($"/api/v1/orders?customerId={customer}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"items\"", text, StringComparison.Ordinal);
        Assert.Contains("\"nextCursor\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(address.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(address.Line1, text, StringComparison.Ordinal);
        Assert.DoesNotContain("shipTo", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("phone", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Paging_with_the_cursor_returns_every_order_once()
    {
        var customer = NewCustomer();
        using var web = host.Client(ApiRoles.Channel, "web");
        var placed = await PlaceAsync(web, customer, 5);
        using var operations = host.Client(ApiRoles.Operations);
        await ListUntilAsync(operations, $"/api/v1/orders?customerId={customer}", p => p.Items.Count == 5);

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = $"/api/v1/orders?customerId={customer}&pageSize=2" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await GetPageAsync(operations, url);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(o => o.OrderId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Newest(placed), seen);
    }

    [Fact]
    public async Task Status_channel_and_created_filters_narrow_the_list()
    {
        var customer = NewCustomer();
        using var web = host.Client(ApiRoles.Channel, "web");
        using var pos = host.ApiKeyClient(ApiHost.PosKey);
        var webOrders = await PlaceAsync(web, customer, 2);
        var posOrders = await PlaceAsync(pos, customer, 1, firstSku: 20);
        await host.Grains.GetGrain<IOrderGrain>(webOrders[0].OrderId).Cancel(null, "search test", new CommandContext($"search-cancel-{customer}", "test"));
        using var operations = host.Client(ApiRoles.Operations);
        var all = $"/api/v1/orders?customerId={customer}";
        await ListUntilAsync(operations, all, p => p.Items.Count == 3 && p.Items.Any(o => o.Status == OrderStatus.Cancelled));

        Assert.Equal([posOrders[0].OrderId], await IdsAsync(operations, $"{all}&channel=pos"));
        Assert.Equal([webOrders[0].OrderId], await IdsAsync(operations, $"{all}&status=cancelled"));
        Assert.Equal(Newest([webOrders[1], posOrders[0]]), await IdsAsync(operations, $"{all}&status=releasedToWarehouse"));
        Assert.Equal(Newest([.. webOrders, .. posOrders]), await IdsAsync(operations, $"{all}&status=cancelled,releasedToWarehouse"));
        Assert.Equal(Newest([.. webOrders, .. posOrders]), await IdsAsync(operations, $"{all}&status=cancelled&status=releasedToWarehouse"));

        // from is inclusive, to is exclusive.
        var second = webOrders[1];
        var at = Uri.EscapeDataString(second.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(Newest([second, posOrders[0]]), await IdsAsync(operations, $"{all}&from={at}"));
        Assert.Equal([webOrders[0].OrderId], await IdsAsync(operations, $"{all}&to={at}"));
    }

    [Fact]
    public async Task Channel_callers_see_only_their_own_channel()
    {
        var customer = NewCustomer();
        using var web = host.Client(ApiRoles.Channel, "web");
        using var pos = host.ApiKeyClient(ApiHost.PosKey);
        await PlaceAsync(web, customer, 2);
        var posOrders = await PlaceAsync(pos, customer, 1, firstSku: 30);
        using var operations = host.Client(ApiRoles.Operations);
        await ListUntilAsync(operations, $"/api/v1/orders?customerId={customer}", p => p.Items.Count == 3);

        Assert.Equal([posOrders[0].OrderId], await IdsAsync(pos, $"/api/v1/orders?customerId={customer}"));

        using var other = await pos.GetAsync($"/api/v1/orders?customerId={customer}&channel=web");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("channel", await ProblemFieldsAsync(other));
    }

    [Fact]
    public async Task Customer_history_lists_the_customers_orders_for_customer_service_only()
    {
        var customer = NewCustomer();
        using var web = host.Client(ApiRoles.Channel, "web");
        var placed = await PlaceAsync(web, customer, 2);

        using var service = host.Client(ApiRoles.CustomerService);
        var page = await ListUntilAsync(service, $"/api/v1/customers/{customer}/orders", p => p.Items.Count == 2);
        Assert.Equal(Newest(placed), page.Items.Select(o => o.OrderId));
        Assert.Equal([placed[0].OrderId], await IdsAsync(service, $"/api/v1/customers/{customer}/orders?pageSize=1&to={Uri.EscapeDataString(placed[1].CreatedAt.ToString("O", CultureInfo.InvariantCulture))}"));

        using var forbidden = await web.GetAsync($"/api/v1/customers/{customer}/orders");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = host.Anonymous();
        using var unauthorized = await anonymous.GetAsync("/api/v1/orders");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task Bad_query_is_a_400_listing_every_invalid_parameter()
    {
        using var operations = host.Client(ApiRoles.Operations);

        using var response = await operations.GetAsync(
            "/api/v1/orders?customerId=bad%20id&status=nope&status=1&from=yesterday&pageSize=0&cursor=not-a-cursor&sort=asc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
        Assert.Equal(["cursor", "customerId", "from", "pageSize", "sort", "status"], await ProblemFieldsAsync(response));

        using var range = await operations.GetAsync("/api/v1/orders?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z&pageSize=201");
        Assert.Equal(["pageSize", "to"], await ProblemFieldsAsync(range));

        using var service = host.Client(ApiRoles.CustomerService);
        using var history = await service.GetAsync("/api/v1/customers/C-1/orders?customerId=C-2");
        Assert.Equal(["customerId"], await ProblemFieldsAsync(history));
        using var badCustomer = await service.GetAsync("/api/v1/customers/bad%20id/orders");
        Assert.Equal(HttpStatusCode.BadRequest, badCustomer.StatusCode);
        Assert.Equal(["customerId"], await ProblemFieldsAsync(badCustomer));
    }

    private static string NewCustomer() => "C-SRCH-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Places <paramref name="count"/> orders for <paramref name="customer"/>, each for another SKU (not near-duplicates).</summary>
    private async Task<List<OrderView>> PlaceAsync(HttpClient client, string customer, int count, int firstSku = 0)
    {
        var placed = new List<OrderView>();
        for (var i = 0; i < count; i++)
        {
            var request = ApiTestData.Order(host, sku: firstSku + i) with { CustomerId = customer };
            using var response = await client.PostJsonAsync("/api/v1/orders", request, $"{customer}-{firstSku + i}");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            placed.Add(await response.ReadAsync<OrderView>());
        }

        return placed;
    }

    /// <summary>Order ids newest first, as the index orders them (created time to the millisecond, then id).</summary>
    private static IEnumerable<string> Newest(IEnumerable<OrderView> orders) =>
        orders.OrderByDescending(o => o.CreatedAt.ToUnixTimeMilliseconds()).ThenByDescending(o => o.OrderId, StringComparer.Ordinal).Select(o => o.OrderId);

    private static async Task<OrderPage> GetPageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<OrderPage>();
    }

    private static async Task<IReadOnlyList<string>> IdsAsync(HttpClient client, string url) => [.. (await GetPageAsync(client, url)).Items.Select(o => o.OrderId)];

    /// <summary>Reads <paramref name="url"/> until <paramref name="done"/> holds or the deadline passes.</summary>
    private static async Task<OrderPage> ListUntilAsync(HttpClient client, string url, Func<OrderPage, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var page = await GetPageAsync(client, url);
            if (done(page))
            {
                return page;
            }

            Assert.True(clock.Elapsed < CatchUpDeadline, $"The order index did not catch up within {CatchUpDeadline}: {JsonSerializer.Serialize(page, ApiTestData.Json)}");
            await Task.Delay(50);
        }
    }

    private static async Task<IReadOnlyList<string>> ProblemFieldsAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }
}
