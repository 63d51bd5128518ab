using System.Net;
using System.Net.Http.Json;
using OrderGrains.ClientApi.Apis;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Orders;

/// <summary>Order requests of the order tests, with the status checked so a failure shows the server's answer.</summary>
public static class OrderApiClient
{
    public const string OrdersPath = "/api/v1/orders";

    /// <summary>Places <paramref name="order"/> and returns it as created.</summary>
    public static async Task<OrderView> PlaceAsync(this HttpClient client, PlaceOrderRequest order, string key)
    {
        using var response = await client.PostJsonAsync(OrdersPath, order, key);
        return await ExpectAsync<OrderView>(response, HttpStatusCode.Created);
    }

    /// <summary>Sends a command body and expects 200 with the order.</summary>
    public static async Task<OrderView> CommandAsync<T>(this HttpClient client, HttpMethod method, string path, T body, string? key = null)
    {
        using var response = await client.SendJsonAsync(method, path, body, key);
        return await ExpectAsync<OrderView>(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> SendJsonAsync<T>(this HttpClient client, HttpMethod method, string path, T body, string? key = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: ApiTestData.Json) };
        if (key is not null)
        {
            request.Headers.Add(ApiRequest.IdempotencyKeyHeader, key);
        }

        return client.SendAsync(request);
    }

    public static async Task<OrderView> GetOrderAsync(this HttpClient client, string orderId)
    {
        using var response = await client.GetAsync($"{OrdersPath}/{orderId}");
        return await ExpectAsync<OrderView>(response, HttpStatusCode.OK);
    }

    public static async Task<IReadOnlyList<TimelineEvent>> TimelineAsync(this HttpClient client, string orderId)
    {
        using var response = await client.GetAsync($"{OrdersPath}/{orderId}/timeline");
        return await ExpectAsync<List<TimelineEvent>>(response, HttpStatusCode.OK);
    }

    /// <summary>Records a shipment event (operations).</summary>
    public static Task<OrderView> ShipmentEventAsync(this HttpClient operations, string orderId, string shipmentId, ShipmentEventKind kind, string key, string? carrier = null, string? tracking = null) =>
        operations.CommandAsync(HttpMethod.Post, $"{OrdersPath}/{orderId}/shipments/{shipmentId}/events", new ShipmentEventRequest(kind, DateTimeOffset.UtcNow, carrier, tracking), key);

    public static async Task<T> ExpectAsync<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status}, got {(int)response.StatusCode} {response.ReasonPhrase}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.ReadAsync<T>();
    }

    /// <summary>Asserts that <paramref name="expected"/> occur in <paramref name="events"/> in this order (other events may lie between).</summary>
    public static void AssertInOrder(IEnumerable<TimelineEvent> events, params string[] expected)
    {
        var types = events.Select(e => e.Type).ToList();
        var at = 0;
        foreach (var type in expected)
        {
            var found = types.IndexOf(type, at);
            Assert.True(found >= 0, $"Expected {type} after position {at} in [{string.Join(", ", types)}].");
            at = found + 1;
        }
    }

    /// <summary>Asserts that the timeline's sequences are 1, 2, 3... with no gap.</summary>
    public static void AssertGapless(IReadOnlyList<TimelineEvent> timeline) =>
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(i => (long)i), timeline.Select(e => e.Sequence));
}
