using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Bench.Harness;
using OrderGrains.Bench.Orders;
using OrderGrains.ClientApi;
using OrderGrains.ClientApi.Security;
using OrderGrains.Grains.DemoData;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Runtime.Testing;
using OrderGrains.Silo;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Order placement through the HTTP API of the co-hosted silo (JSON, bearer token, validation, Idempotency-Key) by
/// concurrent keep-alive clients, against placement through the grains in the same process, same host and storage,
/// in the same run: grains, then HTTP, then grains again (the baseline is the mean of the two grain runs, so the
/// database growing during the run does not favour either side). The ratio is the HTTP overhead.
/// </summary>
public sealed class HttpOrdersScenario(BenchArgs args) : IScenario
{
    public const string Name = "http-orders";

    private readonly double _seconds = args.GetDouble("seconds", 10, min: 0.1);
    private readonly double _warmup = args.GetDouble("warmup", 2);
    private readonly int _concurrency = args.GetInt("concurrency", 128);
    private readonly int _skus = args.GetInt("skus", 1_000);
    private readonly string _db = args.GetChoice("db", "postgres", "sqlite", "postgres");

    public async Task<ScenarioResult> RunAsync()
    {
        await using var server = _db == "postgres" ? await PostgresTestServer.StartAsync() : null;
        using var directory = TestDirectory.Create();
        var storage = server is null
            ? new[] { "--OrderGrains:Storage:Provider=Sqlite", $"--OrderGrains:Storage:ConnectionString=Data Source={Path.Combine(directory.Path, "http.db")}" }
            : ["--OrderGrains:Storage:Provider=PostgreSql", $"--OrderGrains:Storage:ConnectionString={await server.CreateDatabaseAsync()}"];

        var builder = WebApplication.CreateBuilder(
        [
            "--OrderGrains:Http:Urls=http://127.0.0.1:0",
            "--OrderGrains:DemoData=false",
            "--OrderGrains:Api:Auth:SigningKey=bench-signing-key-0123456789abcdef0123456789",
            "--OrderGrains:Api:RateLimit:PermitsPerSecond=1000000",
            "--OrderGrains:Api:RateLimit:Burst=1000000",
            "--Logging:LogLevel:Default=Warning",
            .. storage,
        ]);
        builder.AddOrderGrainsSiloHost();
        await using var app = builder.Build();
        app.MapOrderGrainsApi();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var grains = app.Services.GetRequiredService<IGrainFactory>();

        var network = DemoNetworkGenerator.Generate(42, _skus, 200);
        ResultWriter.Progress($"{Name}: silo on {_db} at {address}; loading {network.Skus.Count} SKUs in {network.Warehouses.Count} warehouses");
        var pool = await BenchNetwork.LoadAsync(grains, network);
        await WaitForInventoryViewsAsync(grains, pool.Select(s => s.Sku));
        var addresses = network.Customers.SelectMany(c => c.Addresses).ToList();

        var placer = new GrainPlacer(grains);
        var token = DevTokens.Issue(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.Auth, "bench", ApiRoles.Channel, "web");
        using var http = new HttpPlacer(address, token, _concurrency);
        var warmup = TimeSpan.FromSeconds(_warmup);
        var measure = TimeSpan.FromSeconds(_seconds);

        ResultWriter.Progress($"{Name}: grains, {_concurrency} concurrent placers");
        var (grains1, _) = await placer.RunAsync(_concurrency, warmup, measure, new OrderWorkload("G1", pool, addresses, null, null).Next);
        ResultWriter.Progress($"{Name}: grains {grains1.OrdersPerSecond:N0} orders/s, p50 {grains1.P50Ms:N1} ms, p99 {grains1.P99Ms:N1} ms");
        ResultWriter.Progress($"{Name}: HTTP, {_concurrency} concurrent keep-alive clients");
        var viaHttp = await http.RunAsync(_concurrency, warmup, measure, new OrderWorkload("H", pool, addresses, null, null).Next);
        ResultWriter.Progress($"{Name}: HTTP {viaHttp.OrdersPerSecond:N0} orders/s, p50 {viaHttp.P50Ms:N1} ms, p99 {viaHttp.P99Ms:N1} ms, failed {viaHttp.Failed}");
        var (grains2, _) = await placer.RunAsync(_concurrency, warmup, measure, new OrderWorkload("G2", pool, addresses, null, null).Next);
        ResultWriter.Progress($"{Name}: grains again {grains2.OrdersPerSecond:N0} orders/s, p50 {grains2.P50Ms:N1} ms, p99 {grains2.P99Ms:N1} ms");
        await app.StopAsync();

        var baseline = (grains1.OrdersPerSecond + grains2.OrdersPerSecond) / 2;
        var json = ResultWriter.Create(Name, viaHttp.OrdersPerSecond, $"orders/s (HTTP, co-hosted silo on {_db})", baseline);
        json["p50_ms"] = ResultWriter.Round(viaHttp.P50Ms, 2);
        json["p99_ms"] = ResultWriter.Round(viaHttp.P99Ms, 2);
        json["grains_orders_per_s"] = new JsonArray(ResultWriter.Round(grains1.OrdersPerSecond), ResultWriter.Round(grains2.OrdersPerSecond));
        json["grains_p50_ms"] = ResultWriter.Round((grains1.P50Ms + grains2.P50Ms) / 2, 2);
        json["grains_p99_ms"] = ResultWriter.Round((grains1.P99Ms + grains2.P99Ms) / 2, 2);
        json["http_placed"] = viaHttp.Placed;
        json["http_backordered"] = viaHttp.Refused;
        json["http_failed"] = viaHttp.Failed;
        json["concurrency"] = _concurrency;
        json["db"] = _db;
        json["seconds"] = _seconds;
        json["processors"] = Environment.ProcessorCount;
        var failed = viaHttp.Failed + grains1.Failed + grains2.Failed;
        return failed == 0 ? new ScenarioResult(json) : new ScenarioResult(json, Valid: false, Problem: $"{failed} placements failed.");
    }

    /// <summary>The API refuses SKUs its inventory view does not know yet; the views fill from stock events after loading.</summary>
    private static async Task WaitForInventoryViewsAsync(IGrainFactory grains, IEnumerable<string> skus)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var sku in skus)
        {
            while ((await grains.GetGrain<ISkuInventoryGrain>(sku).GetAvailability()).Count == 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"The inventory view of {sku} stayed empty for 2 minutes.");
                }

                await Task.Delay(50);
            }
        }
    }
}
