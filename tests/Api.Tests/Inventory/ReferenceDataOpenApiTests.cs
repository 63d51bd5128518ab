using System.Net;
using System.Text.Json;

namespace OrderGrains.Api.Tests.Inventory;

[Collection(ApiCollection.Name)]
public sealed class ReferenceDataOpenApiTests(ApiHost host)
{
    [Theory]
    [InlineData("/api/v1/inventory/{sku}", "get")]
    [InlineData("/api/v1/inventory/{sku}/warehouses/{warehouseId}", "get")]
    [InlineData("/api/v1/inventory/{sku}/warehouses/{warehouseId}/receive", "post")]
    [InlineData("/api/v1/inventory/{sku}/warehouses/{warehouseId}/adjust", "post")]
    [InlineData("/api/v1/inventory/{sku}/warehouses/{warehouseId}/safety-stock", "put")]
    [InlineData("/api/v1/inventory/{sku}/warehouses/{warehouseId}/expected-inbound", "put")]
    [InlineData("/api/v1/inventory/{sku}/warehouses/{warehouseId}/expected-inbound", "delete")]
    [InlineData("/api/v1/warehouses", "get")]
    [InlineData("/api/v1/warehouses/{warehouseId}", "get")]
    [InlineData("/api/v1/warehouses/{warehouseId}/status", "put")]
    [InlineData("/api/v1/warehouses/{warehouseId}/capacity", "put")]
    [InlineData("/api/v1/customers/{customerId}", "get")]
    [InlineData("/api/v1/customers/{customerId}", "put")]
    [InlineData("/api/v1/customers/{customerId}/tier", "put")]
    [InlineData("/api/v1/customers/{customerId}/preferences", "put")]
    [InlineData("/api/v1/promises/quote", "post")]
    [InlineData("/api/v1/orders/{orderId}/promise", "get")]
    public async Task OpenApi_documents_the_reference_data_endpoints(string path, string method)
    {
        using var client = host.Anonymous();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not documented");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not documented");
        Assert.True(operation.TryGetProperty("responses", out _));
    }
}
