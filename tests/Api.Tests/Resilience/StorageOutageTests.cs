using System.Diagnostics;
using System.Net;
using Npgsql;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Api.Tests.Resilience;

/// <summary>
/// The API on PostgreSQL while the database goes away and comes back: callers get a prompt 503 with Retry-After (not a
/// 500, not a hang), and a retry with the same idempotency key succeeds once the database is back.
/// </summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private const string Subject = "outage-channel";
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);
    private PostgresTestServer _server = null!;
    private TcpFaultProxy _proxy = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresTestServer.StartAsync();
        var database = await _server.CreateDatabaseAsync();
        _proxy = new TcpFaultProxy(_server.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(database) { Port = _proxy.Port }.ConnectionString;
        _host = await ApiHost.StartAsync("--OrderGrains:Storage:Provider=PostgreSql", $"--OrderGrains:Storage:ConnectionString={viaProxy}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Place_order_while_the_database_is_down_is_a_prompt_503_and_succeeds_after_it_is_back()
    {
        using var channel = _host.Client(ApiRoles.Channel, "web", subject: Subject);
        using (var before = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(_host, customer: 1, sku: 1), "outage-before"))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        // One order grain is already active (its write fails), the other must be activated (its state read fails).
        using (var probe = await channel.GetAsync($"/api/v1/orders/{OrderIds.FromIdempotencyKey(Subject, "outage-write")}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        }

        _proxy.TakeDown();
        var writeFails = ApiTestData.Order(_host, customer: 2, sku: 2);
        var readFails = ApiTestData.Order(_host, customer: 3, sku: 3);
        await AssertPromptlyUnavailableAsync(channel, writeFails, "outage-write");
        await AssertPromptlyUnavailableAsync(channel, readFails, "outage-read");

        _proxy.Restore();
        await AssertPlacedOnRetryAsync(channel, writeFails, "outage-write");
        await AssertPlacedOnRetryAsync(channel, readFails, "outage-read");
    }

    private static async Task AssertPromptlyUnavailableAsync(HttpClient channel, PlaceOrderRequest order, string key)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await channel.PostJsonAsync("/api/v1/orders", order, key);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.True(elapsed < Prompt, $"{key}: the 503 took {elapsed.TotalSeconds:0.0} s.");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{key}: Retry-After {response.Headers.RetryAfter}");
        Assert.Equal("service.unavailable", await response.ProblemCodeAsync());
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
