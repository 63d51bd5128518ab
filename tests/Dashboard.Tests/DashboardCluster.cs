using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderGrains.ClientApi;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Grains.DemoData;
using OrderGrains.Tests.Shared;

namespace OrderGrains.Dashboard.Tests;

/// <summary>
/// Two silos on a throwaway PostgreSQL as a static cluster, each serving the dashboard, and the API as its own tier
/// (also serving the dashboard) attached through a cluster client, with a small demo network loaded. Everything binds
/// 127.0.0.1 on free ports. Shared by the dashboard tests (one cluster start for all of them).
/// </summary>
public sealed class DashboardCluster : IAsyncLifetime
{
    private const string SigningKey = "dashboard-tests-signing-key-0123456789abcdef0123456789";

    private TwoSiloClusterHost? _cluster;

    /// <summary>The demo network (10 warehouses, 40 SKUs, 12 customers).</summary>
    public DemoNetwork Network { get; } = DemoNetworkGenerator.Generate(skus: 40, customers: 12);

    /// <summary>Base address of silo-1 (the dashboard the browser test opens).</summary>
    public Uri Silo1 { get; private set; } = null!;

    /// <summary>Base address of the API tier.</summary>
    public Uri Tier { get; private set; } = null!;

    public IGrainFactory Grains => _cluster!.Tier.Services.GetRequiredService<IGrainFactory>();

    private ApiAuthOptions Auth => _cluster!.Tier.Services.GetRequiredService<IOptions<ApiOptions>>().Value.Auth;

    public async Task InitializeAsync()
    {
        _cluster = await TwoSiloClusterHost.StartAsync(
            [
                $"--OrderGrains:Api:Auth:SigningKey={SigningKey}",
                "--OrderGrains:Dashboard:BusinessInterval=00:00:01",
                "--Logging:LogLevel:OrderGrains=Information",
            ],
            [$"--OrderGrains:Api:Auth:SigningKey={SigningKey}"],
            mapSilo: MapAll,
            mapTier: MapAll);
        Silo1 = AddressOf(_cluster.Silos[0]);
        Tier = AddressOf(_cluster.Tier);
        await DemoDataLoader.LoadAsync(Grains, Network, CancellationToken.None);
    }

    private static void MapAll(WebApplication app)
    {
        app.MapOrderGrainsHealth();
        app.MapOrderGrainsApi();
        app.MapOrderGrainsDashboard();
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, Exception?> s_marker =
        Microsoft.Extensions.Logging.LoggerMessage.Define<string>(Microsoft.Extensions.Logging.LogLevel.Warning, new Microsoft.Extensions.Logging.EventId(9999), "Test marker {Marker}");

    /// <summary>Logs a warning with <paramref name="marker"/> on silo <paramref name="index"/> (0 or 1).</summary>
    public void LogMarker(int index, string marker) =>
        s_marker(_cluster!.Silos[index].Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("OrderGrains.Tests"), marker, null);

    /// <summary>A bearer token of <paramref name="role"/>.</summary>
    public string Token(string role, string? channel = null) =>
        DevTokens.Issue(Auth, $"dash-test-{role}", role, channel ?? (role == ApiRoles.Channel ? "web" : null));

    /// <summary>A client of <paramref name="baseAddress"/> with a bearer <paramref name="token"/> (none when null).</summary>
    public static HttpClient Client(Uri baseAddress, string? token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Places an order through the API tier for demo customer <paramref name="customer"/> and SKU <paramref name="sku"/>.</summary>
    public async Task<JsonElement> PlaceOrderAsync(int customer, int sku, int quantity = 1)
    {
        using var channel = Client(Tier, Token(ApiRoles.Channel));
        var c = Network.Customers[customer % Network.Customers.Count];
        var a = c.Addresses[0];
        var s = Network.Skus[sku % Network.Skus.Count];
        var order = new PlaceOrderRequest(
            c.CustomerId,
            [new OrderLineRequest(s.Sku, quantity, s.Price)],
            new AddressRequest(a.Name, a.Line1, a.City, a.Region, a.PostalCode, a.Country, a.Latitude, a.Longitude, a.Phone));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(order, options: Json) };
        request.Headers.Add(ApiRequest.IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        using var response = await channel.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Placing an order failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Cancels a whole order through the API tier.</summary>
    public async Task CancelOrderAsync(string orderId)
    {
        using var channel = Client(Tier, Token(ApiRoles.Channel));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel") { Content = JsonContent.Create(new CancelOrderRequest("changed my mind"), options: Json) };
        request.Headers.Add(ApiRequest.IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        using var response = await channel.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"Cancelling {orderId} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The API's JSON rules (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiHostingExtensions.ConfigureJson(json);
        return json;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Tests sharing one <see cref="DashboardCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardCluster>
{
    public const string Name = "dashboard-cluster";
}
