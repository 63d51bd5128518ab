using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Rules;

/// <summary>Two silos on PostgreSQL behind the API tier: both run the same rule set version and see a change within a second.</summary>
public sealed class RulesClusterTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartClusterAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Every_silo_runs_the_new_version_within_a_second_of_its_activation()
    {
        Assert.Equal(2, _host.Silos.Count);
        var caches = _host.Silos.Select(s => s.Services.GetRequiredService<RuleSetCache>()).ToList();
        foreach (var cache in caches)
        {
            Assert.Equal(1, (await cache.GetAsync()).Active[0].Rules.VersionId);
        }

        using var ops = _host.Client(ApiRoles.Operations, subject: "ops-cluster");
        const string json = """
            { "name": "cluster", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "everyone-urgent", "when": { "type": "always" }, "then": [ { "type": "priority", "level": 95 } ] } ] } ] }
            """;
        using var created = await ops.PostAsync("/api/v1/rules/versions", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        (await ops.PostAsync("/api/v1/rules/versions/2/validate", null)).Dispose();
        using var activated = await ops.PostJsonAsync("/api/v1/rules/versions/2/activate", new RuleActivationRequest("cluster test"));
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);

        var watch = Stopwatch.StartNew();
        foreach (var cache in caches)
        {
            while ((await cache.GetAsync()).Active[0].Rules.VersionId != 2)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "a silo did not run the new version within a second");
                await Task.Delay(20);
            }
        }

        using var channel = _host.Client(ApiRoles.Channel, "web", subject: "cluster-shop");
        var views = new List<OrderView>();
        for (var i = 0; i < 4; i++)
        {
            using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(_host, customer: i, sku: 3 + i, channel: "web"), $"rules-cluster-{i}");
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            views.Add(await placed.ReadAsync<OrderView>());
        }

        Assert.All(views, v => Assert.Contains("priority:95", v.Flags));
    }
}
