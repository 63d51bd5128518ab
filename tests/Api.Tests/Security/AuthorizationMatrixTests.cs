using System.Net;
using System.Text;
using OrderGrains.ClientApi.Security;
using Xunit.Abstractions;

namespace OrderGrains.Api.Tests.Security;

/// <summary>
/// Walks every /api/v1 endpoint the application maps (so endpoints added later are covered without touching this
/// test) with every kind of caller, and checks the answer against the policy the endpoint declares.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKeyCaller = "api-key:channel";
    private const string AnonymousCaller = "anonymous";

    // Channel callers act for the channel the samples name: posting to another channel is refused by the handler (403
    // by design), which is ownership, not the policy this test checks.
    private const string SampleChannel = "marketplace";

    // A private host: admitted callers really run the handlers (cancel, take a warehouse offline, ...), which must
    // not disturb the state the shared host's tests rely on.
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public void Every_api_endpoint_declares_a_known_policy_and_none_allows_anonymous()
    {
        var endpoints = ApiEndpoint.All(_host);
        Assert.Contains(endpoints, e => e.Method == "POST" && e.Route.EndsWith("/orders/", StringComparison.Ordinal));

        var problems = endpoints
            .Select(e => e.Policies.Count == 0 ? $"{e}: no policy (call .RequireAuthorization(ApiPolicies.X))"
                : e.AllowsAnonymous ? $"{e}: allows anonymous callers"
                : e.Policies.FirstOrDefault(p => !ApiPolicies.Roles.ContainsKey(p)) is { } unknown ? $"{e}: unknown policy '{unknown}'"
                : null)
            .OfType<string>()
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_endpoint_answers_each_caller_as_its_policy_says()
    {
        var endpoints = ApiEndpoint.All(_host).Where(e => e.Policies.Count > 0 && !e.AllowsAnonymous).ToList();
        Assert.NotEmpty(endpoints);
        var values = await SampleRouteValuesAsync();

        var callers = new Dictionary<string, (HttpClient Client, string? Role)>(StringComparer.Ordinal)
        {
            [AnonymousCaller] = (_host.Anonymous(), null),
            [ApiKeyCaller] = (_host.ApiKeyClient(ApiHost.MarketplaceKey), ApiRoles.Channel),
        };
        foreach (var role in ApiRoles.All)
        {
            callers[role] = (_host.Client(role, role == ApiRoles.Channel ? SampleChannel : null, $"matrix-{role}"), role);
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            await Parallel.ForEachAsync(endpoints, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (endpoint, cancellation) =>
            {
                var path = endpoint.Path(values);
                foreach (var (name, (client, role)) in callers)
                {
                    var status = await SendAsync(client, endpoint.Method, path, cancellation);
                    var expectation = Expect(endpoint, role);
                    if (!expectation.Holds(status))
                    {
                        failures.Add($"{endpoint} as {name} ({path}): got {(int)status}, expected {expectation.Text}");
                    }
                }
            });
        }
        finally
        {
            foreach (var (client, _) in callers.Values)
            {
                client.Dispose();
            }
        }

        output.WriteLine($"{endpoints.Count} endpoints x {callers.Count} callers checked.");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {endpoints.Count * callers.Count} checks failed:{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures.Order(StringComparer.Ordinal)));
    }

    private static Expectation Expect(ApiEndpoint endpoint, string? role)
    {
        if (role is null)
        {
            return new("401", s => s == HttpStatusCode.Unauthorized);
        }

        var admitted = role == ApiRoles.Admin || endpoint.Policies.All(p => ApiPolicies.Roles.TryGetValue(p, out var roles) && roles.Contains(role));

        // Admitted callers may still be refused by the handler for the sample data (400/404/409/422), never by
        // authentication or authorization, and never with a server error.
        return admitted
            ? new("neither 401 nor 403 nor 5xx", s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)s < 500)
            : new("403", s => s == HttpStatusCode.Forbidden);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // Headers only: live feeds (Server-Sent Events) never end their body.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return response.StatusCode;
    }

    /// <summary>Route values that exist in the host, so admitted callers mostly reach the handlers' real logic.</summary>
    private async Task<IReadOnlyDictionary<string, string>> SampleRouteValuesAsync()
    {
        using var channel = _host.Client(ApiRoles.Channel, SampleChannel, subject: "matrix-setup");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(_host, customer: 3, sku: 7), "matrix-order");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadAsync<Interfaces.Orders.OrderView>();

        var network = _host.Network;
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["orderId"] = order.OrderId,
            ["id"] = order.OrderId,
            ["customerId"] = order.CustomerId,
            ["sku"] = network.Skus[7].Sku,
            ["warehouseId"] = network.Warehouses[^1].WarehouseId,
            ["shipmentId"] = order.Shipments.Count > 0 ? order.Shipments[0].ShipmentId : "sample-1",
            ["lineId"] = order.Lines[0].LineId,
            ["channelId"] = SampleChannel,
            ["channel"] = SampleChannel,
        };
    }

    private sealed record Expectation(string Text, Func<HttpStatusCode, bool> Holds);
}
