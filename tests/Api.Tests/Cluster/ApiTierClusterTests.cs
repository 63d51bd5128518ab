using System.Net;
using OrderGrains.Api.Tests.Orders;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Cluster;

/// <summary>The API as its own process tier, attached through a cluster client to two silos on PostgreSQL.</summary>
public sealed class ApiTierClusterTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartClusterAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public Task Full_order_lifecycle_works_through_the_api_tier_on_a_two_silo_cluster() => OrderLifecycleApiTests.RunFullLifecycleAsync(_host);

    [Fact]
    public async Task Api_tier_is_ready_while_attached_and_refusals_keep_their_codes_across_the_cluster()
    {
        using var anonymous = _host.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        using var channel = _host.Client(ApiRoles.Channel, "web", subject: "tier-shop");
        using var missing = await channel.GetAsync("/api/v1/orders/ord-does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("order.not-found", await missing.ProblemCodeAsync());

        var order = ApiTestData.Order(_host, customer: 2, sku: 7);
        using var first = await channel.PostJsonAsync("/api/v1/orders", order, "tier-key");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var conflict = await channel.PostJsonAsync("/api/v1/orders", order with { Note = "another body" }, "tier-key");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("order.idempotency-conflict", await conflict.ProblemCodeAsync());
    }
}
