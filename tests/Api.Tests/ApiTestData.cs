using System.Net.Http.Json;
using System.Text.Json;
using OrderGrains.ClientApi;
using OrderGrains.ClientApi.Apis;

namespace OrderGrains.Api.Tests;

/// <summary>Requests built from the host's demo network, and JSON helpers shared by the API tests.</summary>
public static class ApiTestData
{
    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>A valid order for a demo customer at their first address, for SKUs with plenty of stock.</summary>
    public static PlaceOrderRequest Order(ApiHost host, int customer = 0, int sku = 0, int quantity = 1, string? channel = null)
    {
        var c = host.Network.Customers[customer % host.Network.Customers.Count];
        var a = c.Addresses[0];
        var s = host.Network.Skus[sku % host.Network.Skus.Count];
        return new PlaceOrderRequest(
            c.CustomerId,
            [new OrderLineRequest(s.Sku, quantity, s.Price)],
            new AddressRequest(a.Name, a.Line1, a.City, a.Region, a.PostalCode, a.Country, a.Latitude, a.Longitude, a.Phone),
            channel);
    }

    /// <summary>Posts <paramref name="body"/> as JSON with an optional Idempotency-Key.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string path, T body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(ApiRequest.IdempotencyKeyHeader, idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Reads a JSON body, failing with the response text when it does not parse.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException($"Empty body: {text}");
    }

    /// <summary>The stable error code of a problem response.</summary>
    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiHostingExtensions.ConfigureJson(json);
        json.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return json;
    }
}
