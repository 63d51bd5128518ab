using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Api.Tests.Webhooks;

/// <summary>
/// A private API host whose webhooks may call 127.0.0.1 and retry within milliseconds: 6 attempts at most, 20-100 ms
/// apart; a circuit that opens after 3 failures and stays open 30 s; deliveries dead-lettered after 3 s.
/// </summary>
public sealed class WebhookTestHost : IAsyncLifetime
{
    public const int MaxAttempts = 6;
    public const int CircuitThroughput = 3;

    private static int s_keys;
    private ApiHost? _host;

    public ApiHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(
        "--OrderGrains:Webhooks:AllowPrivateNetworks=true",
        $"--OrderGrains:Webhooks:MaxAttempts={MaxAttempts}",
        "--OrderGrains:Webhooks:RetryDelay=00:00:00.020",
        "--OrderGrains:Webhooks:MaxRetryDelay=00:00:00.100",
        "--OrderGrains:Webhooks:AttemptTimeout=00:00:05",
        "--OrderGrains:Webhooks:MaxDeliveryAge=00:00:03",
        $"--OrderGrains:Webhooks:CircuitMinimumThroughput={CircuitThroughput}",
        "--OrderGrains:Webhooks:CircuitFailureRatio=0.5",
        "--OrderGrains:Webhooks:CircuitSamplingDuration=00:00:30",
        "--OrderGrains:Webhooks:CircuitBreakDuration=00:00:30");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public HttpClient Admin() => Host.Client(ApiRoles.Admin);

    /// <summary>Subscribes <paramref name="receiver"/> to <paramref name="eventTypes"/>.</summary>
    public async Task<CreatedWebhookResponse> SubscribeAsync(WebhookReceiver receiver, params string[] eventTypes)
    {
        using var admin = Admin();
        using var response = await admin.PostJsonAsync("/api/v1/webhooks", new CreateWebhookRequest(receiver.Url.ToString(), eventTypes, "test receiver"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<CreatedWebhookResponse>();
    }

    /// <summary>Places an order through the API and returns it.</summary>
    public async Task<OrderView> PlaceOrderAsync(int customer, int sku)
    {
        using var channel = Host.Client(ApiRoles.Channel, "web");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(Host, customer, sku), $"webhook-order-{Interlocked.Increment(ref s_keys)}-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return await placed.ReadAsync<OrderView>();
    }

    public static CommandContext Command() => new($"webhook-test-{Guid.NewGuid():N}", "webhook-test");

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string subscriptionId)
    {
        using var admin = Admin();
        using var response = await admin.GetAsync($"/api/v1/webhooks/{subscriptionId}/deliveries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<WebhookDeliveryListResponse>()).Items;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeadLettersAsync(string subscriptionId)
    {
        using var admin = Admin();
        using var response = await admin.GetAsync($"/api/v1/webhooks/dead-letters?subscriptionId={subscriptionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<WebhookDeliveryListResponse>()).Items;
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="condition"/> holds (an eventually consistent view), with a deadline.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var backoff = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 200));
        }
    }
}

/// <summary>Webhook tests sharing one <see cref="WebhookTestHost"/>.</summary>
[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookTestHost>
{
    public const string Name = "webhooks";
}
