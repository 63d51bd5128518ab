using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrderGrains.Bench.Harness;

namespace OrderGrains.Bench.Orders;

/// <summary>
/// Placement through the HTTP API: each loop posts one order at a time on a shared keep-alive connection pool,
/// with the order id as its Idempotency-Key, and counts 201 responses by the order status they report.
/// </summary>
public sealed class HttpPlacer(Uri baseAddress, string token, int connections) : IDisposable
{
    private static readonly byte[] Released = Encoding.UTF8.GetBytes("\"status\":\"releasedToWarehouse\"");

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public Task<PlacementFigures> RunAsync(int concurrency, TimeSpan warmup, TimeSpan measure, Func<BenchOrder> next) =>
        PlacementLoop.RunAllAsync(new TimedRun(), concurrency, warmup, measure, next, () => new Loop(_client));

    public void Dispose() => _client.Dispose();

    /// <summary>The API's JSON for a benchmark order.</summary>
    public static byte[] Body(BenchOrder order) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        customerId = order.CustomerId,
        channel = "web",
        lines = order.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, unitPrice = l.UnitPrice, weightKg = l.WeightKg }),
        shipTo = new
        {
            name = order.ShipTo.Name,
            line1 = order.ShipTo.Line1,
            city = order.ShipTo.City,
            region = order.ShipTo.Region,
            postalCode = order.ShipTo.PostalCode,
            country = order.ShipTo.Country,
            latitude = order.ShipTo.Latitude,
            longitude = order.ShipTo.Longitude,
        },
    });

    private sealed class Loop(HttpClient client) : PlacementLoop
    {
        protected override async Task<(bool? Placed, string? Failure)> PlaceAsync(BenchOrder order)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new ByteArrayContent(Body(order)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("Idempotency-Key", order.OrderId);
            byte[] body;
            HttpStatusCode status;
            try
            {
                using var response = await client.SendAsync(request);
                status = response.StatusCode;
                body = await response.Content.ReadAsByteArrayAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (null, $"order {order.OrderId} failed: {e.GetType().Name}: {e.Message}");
            }

            return status == HttpStatusCode.Created
                ? (body.AsSpan().IndexOf(Released) >= 0, null)
                : (null, $"order {order.OrderId} answered {(int)status}: {Encoding.UTF8.GetString(body)}");
        }
    }
}
