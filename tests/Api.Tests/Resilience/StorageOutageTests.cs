using System.Diagnostics;
using System.Net;
using Npgsql;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Api.Tests.Resilience;

/// <summary>
/// The API on PostgreSQL while the database goes away (stopped, or silent behind a partition) and comes back: callers
/// get a 503 with Retry-After within a bounded time (not a 500, not a hang), and a retry with the same idempotency key
/// succeeds once the database is back.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const string Subject = "outage-channel";
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);
    private PostgresTestServer _server = null!;
    private TcpFaultProxy _proxy = null!;
    private string _database = null!;
    private ApiHost? _host;

    public async Task InitializeAsync()
    {
        _server = await PostgresTestServer.StartAsync();
        _database = await _server.CreateDatabaseAsync();
        _proxy = new TcpFaultProxy(_server.Port);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Place_order_while_the_database_is_down_is_a_prompt_503_and_succeeds_after_it_is_back()
    {
        var host = await StartHostAsync();
        using var channel = await ChannelWithOnePlacedOrderAsync(host);

        // One order grain is already active (its write fails), the other must be activated (its state read fails).
        using (var probe = await channel.GetAsync($"/api/v1/orders/{OrderIds.FromIdempotencyKey(Subject, "outage-write")}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        }

        _proxy.TakeDown();
        var writeFails = ApiTestData.Order(host, customer: 2, sku: 2);
        var readFails = ApiTestData.Order(host, customer: 3, sku: 3);
        await AssertUnavailableWithinAsync(channel, writeFails, "outage-write", Prompt, ErrorCodes.Unavailable);
        await AssertUnavailableWithinAsync(channel, readFails, "outage-read", Prompt, ErrorCodes.Unavailable);

        _proxy.Restore();
        await AssertPlacedOnRetryAsync(channel, writeFails, "outage-write");
        await AssertPlacedOnRetryAsync(channel, readFails, "outage-read");
    }

    [Fact]
    public async Task Place_order_while_the_database_is_silent_is_a_503_when_the_call_deadline_passes_and_succeeds_after()
    {
        // A partition: connections stay open and nothing answers, so only the grain call deadline ends the wait
        // (5 s here instead of the default 30 s, to keep the test short; the database driver's own timeouts are longer;
        // shorter made loading the test data itself time out on a loaded 2-core machine).
        var host = await StartHostAsync("--OrderGrains:Silo:DefaultResponseTimeout=00:00:05");
        using var channel = await ChannelWithOnePlacedOrderAsync(host);

        _proxy.GoSilent();
        var order = ApiTestData.Order(host, customer: 4, sku: 4);
        await AssertUnavailableWithinAsync(channel, order, "silent-place", TimeSpan.FromSeconds(5) + Prompt, ErrorCodes.Timeout);

        _proxy.Restore();
        await AssertPlacedOnRetryAsync(channel, order, "silent-place");
    }

    private async Task<ApiHost> StartHostAsync(params string[] extraArgs)
    {
        var viaProxy = new NpgsqlConnectionStringBuilder(_database) { Port = _proxy.Port }.ConnectionString;
        _host = await ApiHost.StartAsync(
            ["--OrderGrains:Storage:Provider=PostgreSql", $"--OrderGrains:Storage:ConnectionString={viaProxy}", .. extraArgs]);
        return _host;
    }

    private static async Task<HttpClient> ChannelWithOnePlacedOrderAsync(ApiHost host)
    {
        var channel = host.Client(ApiRoles.Channel, "web", subject: Subject);
        using var before = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(host, customer: 1, sku: 1), "outage-before");
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        return channel;
    }

    private static async Task AssertUnavailableWithinAsync(HttpClient channel, PlaceOrderRequest order, string key, TimeSpan bound, string code)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await channel.PostJsonAsync("/api/v1/orders", order, key);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.True(elapsed < bound, $"{key}: the 503 took {elapsed.TotalSeconds:0.0} s.");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{key}: Retry-After {response.Headers.RetryAfter}");
        Assert.Equal(code, await response.ProblemCodeAsync());
    }

    private static async Task AssertPlacedOnRetryAsync(HttpClient channel, PlaceOrderRequest order, string key)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(30 * Stopwatch.Frequency);
        while (true)
        {
            // The client's retry: the same key, so however many attempts it takes, one order is placed.
            using var retry = await channel.PostJsonAsync("/api/v1/orders", order, key);
            if (retry.StatusCode != HttpStatusCode.ServiceUnavailable || Stopwatch.GetTimestamp() > deadline)
            {
                Assert.True(retry.StatusCode == HttpStatusCode.Created, $"{key}: {(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
                return;
            }

            await Task.Delay(200);
        }
    }
}
