using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Dashboard.Tests;

/// <summary>The dashboard's endpoints on a two-silo cluster: authentication, roles, JSON shapes, grain state, live channel.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardEndpointTests(DashboardCluster cluster)
{
    [Fact]
    public async Task Page_is_served_to_anyone_but_its_data_needs_an_identity()
    {
        using var anonymous = DashboardCluster.Client(cluster.Silo1, null);
        using var page = await anonymous.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-base=\"/dashboard\"", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        foreach (var path in new[] { "/dashboard/api/overview", "/dashboard/api/live", "/dashboard/api/history", "/dashboard/api/grains/order/x" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_rules_page_uses_the_rules_api_beside_the_dashboard_with_the_same_credential()
    {
        using var anonymous = DashboardCluster.Client(cluster.Silo1, null);
        var html = await anonymous.GetStringAsync("/dashboard");
        Assert.Contains("id=\"tab-rules\"", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/rules", await anonymous.GetStringAsync("/dashboard/app.js"), StringComparison.Ordinal);

        // The token the page sends to /dashboard/api is accepted by /api/v1/rules on the same origin: viewers read...
        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));
        using var overview = await viewer.GetAsync("/api/v1/rules");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.True(JsonDocument.Parse(await overview.Content.ReadAsStringAsync()).RootElement.GetProperty("activeVersion").GetInt32() > 0);

        // ...but may not change (the page disables the buttons; the API refuses anyway), and without a credential nothing is read.
        using var canary = await viewer.PutAsJsonAsync("/api/v1/rules/canary", new { version = 1, percent = 10 });
        Assert.Equal(HttpStatusCode.Forbidden, canary.StatusCode);
        using var rollback = await viewer.PostAsJsonAsync("/api/v1/rules/rollback", new { version = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, rollback.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/rules")).StatusCode);
    }

    [Fact]
    public async Task Channel_systems_may_not_view_and_viewers_may_not_change()
    {
        using var channel = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Channel));
        Assert.Equal(HttpStatusCode.Forbidden, (await channel.GetAsync("/dashboard/api/overview")).StatusCode);

        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));
        using var me = await viewer.GetAsync("/dashboard/api/me");
        var caller = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((ApiRoles.Viewer, false), (caller.GetProperty("role").GetString(), caller.GetProperty("canOperate").GetBoolean()));
        using var change = await viewer.PutAsJsonAsync("/dashboard/api/warehouses/WH-SH/status", new { status = "Offline" });
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
    }

    [Fact]
    public async Task Warehouse_status_change_rejects_bad_input_with_problem_details()
    {
        using var operations = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Operations));
        using var badStatus = await operations.PutAsJsonAsync("/dashboard/api/warehouses/WH-SH/status", new { status = "Closed" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("dashboard.invalid-status", await CodeAsync(badStatus));

        using var numeric = await operations.PutAsJsonAsync("/dashboard/api/warehouses/WH-SH/status", new { status = "2" });
        Assert.Equal(HttpStatusCode.BadRequest, numeric.StatusCode);

        using var unknown = await operations.PutAsJsonAsync("/dashboard/api/warehouses/WH-NOPE/status", new { status = "Offline" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("warehouse.not-found", await CodeAsync(unknown));
    }

    [Fact]
    public async Task Overview_shows_both_silos_and_every_partition_with_an_owner()
    {
        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));
        var overview = await JsonAsync(viewer, "/dashboard/api/overview");

        Assert.Equal("silo-1", overview.GetProperty("servedBy").GetString());
        var silos = overview.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(["silo-1", "silo-2"], silos.Select(s => s.GetProperty("name").GetString()));
        Assert.All(silos, s => Assert.Equal("up", s.GetProperty("status").GetString()));
        Assert.All(silos, s => Assert.Equal(128, s.GetProperty("partitionsOwned").GetInt32()));
        Assert.All(silos, s => Assert.InRange(s.GetProperty("cpuPercent").GetDouble(), 0, 100));
        Assert.All(silos, s => Assert.True(s.GetProperty("workingSetBytes").GetInt64() > 0));
        var partitions = overview.GetProperty("partitions");
        Assert.Equal(256, partitions.GetProperty("count").GetInt32());
        Assert.DoesNotContain(partitions.GetProperty("owners").EnumerateArray(), o => o.ValueKind == JsonValueKind.Null);

        var business = overview.GetProperty("business");
        Assert.Equal(10, business.GetProperty("warehouses").GetArrayLength());
        Assert.Equal(0, business.GetProperty("oversoldUnits").GetInt64());
        Assert.True(business.GetProperty("stockSlotsRead").GetInt32() > 0, "the demo stock slots are active after loading");
        Assert.Equal(JsonValueKind.Array, business.GetProperty("atRisk").ValueKind);
        Assert.DoesNotContain(business.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("at-risk", StringComparison.Ordinal));
        Assert.Contains(overview.GetProperty("clusterEvents").EnumerateArray(), e => e.GetProperty("kind").GetString() == "joined");
    }

    [Fact]
    public async Task Log_view_merges_the_entries_of_every_silo()
    {
        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));
        await JsonAsync(viewer, "/dashboard/api/overview");

        // Each silo logged that it mounted the dashboard; a snapshot brings every silo's recent entries.
        var logs = await JsonAsync(viewer, "/dashboard/api/logs?level=Information");
        var mounted = logs.EnumerateArray().Where(e => e.GetProperty("eventId").GetInt32() == 7000).Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Contains("silo-1", mounted);
        Assert.Contains("silo-2", mounted);
        Assert.DoesNotContain(logs.EnumerateArray(), e => e.GetProperty("level").GetString() is "trace" or "debug");
    }

    [Fact]
    public async Task Api_tier_dashboard_gathers_every_silo_over_the_transport()
    {
        using var viewer = DashboardCluster.Client(cluster.Tier, cluster.Token(ApiRoles.Viewer));
        var overview = await JsonAsync(viewer, "/dashboard/api/overview");

        Assert.Equal("api", overview.GetProperty("servedBy").GetString());
        Assert.Equal(["up", "up"], overview.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(256, overview.GetProperty("partitions").GetProperty("count").GetInt32());

        // The at-risk list crosses the transport from the API tier (its records serialize).
        var business = overview.GetProperty("business");
        Assert.Equal(JsonValueKind.Array, business.GetProperty("atRisk").ValueKind);
        Assert.DoesNotContain(business.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("at-risk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grain_state_shows_its_silo_and_masks_personal_data()
    {
        var order = await cluster.PlaceOrderAsync(customer: 3, sku: 5);
        var orderId = order.GetProperty("orderId").GetString()!;
        var recipient = order.GetProperty("shipTo").GetProperty("name").GetString()!;
        await cluster.CancelOrderAsync(orderId);

        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));
        var grain = await JsonAsync(viewer, $"/dashboard/api/grains/order/{orderId}");

        Assert.Contains(grain.GetProperty("silo").GetString(), new[] { "silo-1", "silo-2" });
        Assert.True(grain.GetProperty("activation").GetProperty("mailboxLength").GetInt32() >= 0);

        // The order's row is its journal header; the cancelled (final) order's snapshot is one of its entries.
        var stored = grain.GetProperty("states")[0];
        Assert.Equal(2, stored.GetProperty("state").GetProperty("records").GetInt64());
        Assert.Equal(1, stored.GetProperty("entryCount").GetInt32());
        var snapshot = stored.GetProperty("entries").GetProperty("snapshot/snapshot").GetRawText();
        Assert.Contains($"order/{orderId}", snapshot, StringComparison.Ordinal);
        Assert.Contains("Cancelled", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain(recipient, snapshot, StringComparison.Ordinal);
        Assert.Contains("***", snapshot, StringComparison.Ordinal);

        using var unknownType = await viewer.GetAsync("/dashboard/api/grains/no-such-type/x");
        Assert.Equal(HttpStatusCode.NotFound, unknownType.StatusCode);
        Assert.Equal("dashboard.unknown-grain-type", await CodeAsync(unknownType));
    }

    [Fact]
    public async Task Order_timeline_is_shown_by_id_and_unknown_orders_are_not_found()
    {
        var orderId = (await cluster.PlaceOrderAsync(customer: 4, sku: 6)).GetProperty("orderId").GetString()!;
        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));

        var timeline = await JsonAsync(viewer, $"/dashboard/api/orders/{orderId}/timeline");
        Assert.Contains(timeline.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "OrderPlaced");

        using var missing = await viewer.GetAsync("/dashboard/api/orders/ord-does-not-exist/timeline");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var invalid = await viewer.GetAsync("/dashboard/api/logs?level=Loud");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Live_channel_pushes_snapshots_with_silos_and_call_statistics()
    {
        using var viewer = DashboardCluster.Client(cluster.Silo1, cluster.Token(ApiRoles.Viewer));
        using var response = await viewer.GetAsync("/dashboard/api/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Snapshots come every second; while this client watches, grain calls are timed, so calls show up.
        await cluster.PlaceOrderAsync(customer: 5, sku: 8);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var sawCalls = false;
        var snapshots = 0;
        while (!sawCalls)
        {
            var line = await reader.ReadLineAsync(deadline.Token);
            if (line is null || !line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            snapshots++;
            var snapshot = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("snapshot");
            Assert.Equal(2, snapshot.GetProperty("silos").GetArrayLength());
            sawCalls = snapshot.GetProperty("methods").GetArrayLength() > 0;
            if (!sawCalls && snapshots % 3 == 0)
            {
                await cluster.PlaceOrderAsync(customer: 5, sku: 8);
            }
        }

        Assert.True(snapshots >= 1);
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
