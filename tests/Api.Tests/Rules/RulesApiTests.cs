using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Api.Tests.Rules;

/// <summary>The rules endpoints on a private host (they change the rule set every order of the host runs).</summary>
public sealed class RulesApiTests : IAsyncLifetime
{
    private const string Base = "/api/v1/rules";

    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_schema_is_published_to_readers_and_not_to_channels()
    {
        using var viewer = _host.Client(ApiRoles.Viewer);
        using var response = await viewer.GetAsync($"{Base}/schema");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        using var schema = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OrderGrains rule set", schema.RootElement.GetProperty("title").GetString());

        using var channel = _host.Client(ApiRoles.Channel, "marketplace");
        using var refused = await channel.GetAsync($"{Base}/schema");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_demo_data_seeds_an_active_default_rule_set()
    {
        using var viewer = _host.Client(ApiRoles.Viewer);
        var overview = await (await viewer.GetAsync(Base)).ReadAsync<RuleSetOverview>();
        Assert.Equal(1, overview.ActiveVersion);
        Assert.Equal(RuleSetVersionStatus.Active, overview.Versions.Single().Status);
    }

    [Fact]
    public async Task Unreadable_json_is_refused_with_its_line_and_nothing_is_stored()
    {
        using var ops = _host.Client(ApiRoles.Operations);
        using var response = await PostRuleSetAsync(ops, "{\n  \"name\": \"x\",\n  \"groups\": [\n    { \"name\": \"g\", \"mode\": \"sometimes\", \"rules\": [] }\n  ]\n}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("rules.invalid", problem.RootElement.GetProperty("code").GetString());
        var first = problem.RootElement.GetProperty("problems")[0];
        Assert.Equal(4, first.GetProperty("line").GetInt32());
        Assert.Equal("mode", first.GetProperty("field").GetString());
        Assert.Single((await (await ops.GetAsync(Base)).ReadAsync<RuleSetOverview>()).Versions);
    }

    [Fact]
    public async Task Draft_validate_activate_and_rollback_through_the_api()
    {
        using var ops = _host.Client(ApiRoles.Operations, subject: "ops-lin");
        using var created = await PostRuleSetAsync(ops, RuleSetJson("hold-big", """{ "type": "orderSize", "minUnits": 500 }""", """{ "type": "hold", "reason": "bulk" }"""), "bulk holds");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.ReadAsync<RuleSetVersionView>();
        Assert.Equal((2, RuleSetVersionStatus.Draft, "ops-lin", "bulk holds"), (draft.Summary.VersionId, draft.Summary.Status, draft.Summary.Author, draft.Summary.Comment));

        using var early = await ops.PostJsonAsync($"{Base}/versions/2/activate", new RuleActivationRequest());
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        using var validated = await ops.PostAsync($"{Base}/versions/2/validate", null);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        using var activated = await ops.PostJsonAsync($"{Base}/versions/2/activate", new RuleActivationRequest("go"));
        Assert.Equal(2, (await activated.ReadAsync<RuleSetOverview>()).ActiveVersion);

        using var diff = await ops.GetAsync($"{Base}/diff?from=1&to=2");
        Assert.Contains((await diff.ReadAsync<RuleSetDiff>()).Changes, c => c is { Kind: "added", Path: "g/hold-big" });

        using var rollback = await ops.PostJsonAsync($"{Base}/rollback", new RuleRollbackRequest(1, "back"));
        var overview = await rollback.ReadAsync<RuleSetOverview>();
        Assert.Equal(1, overview.ActiveVersion);
        Assert.Equal(("rolled-back", "ops-lin"), (overview.History[0].Action, overview.History[0].Author));

        using var viewer = _host.Client(ApiRoles.Viewer);
        using var forbidden = await viewer.PostJsonAsync($"{Base}/rollback", new RuleRollbackRequest(2));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Validating_a_version_with_errors_is_422_with_the_problems()
    {
        using var ops = _host.Client(ApiRoles.Operations);
        using var created = await PostRuleSetAsync(ops, RuleSetJson("bad", """{ "type": "time", "fromHour": 30 }""", """{ "type": "priority", "level": 1 }"""));
        var version = (await created.ReadAsync<RuleSetVersionView>()).Summary.VersionId;
        using var response = await ops.PostAsync($"{Base}/versions/{version}/validate", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(problem.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetProperty("field").GetString() == "fromHour");
    }

    [Fact]
    public async Task An_urgent_note_on_an_order_placed_through_the_api_raises_its_priority()
    {
        using var channel = _host.Client(ApiRoles.Channel, "marketplace");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(_host, customer: 2, sku: 5, channel: "marketplace") with { Note = "ＵＲＧＥＮＴ: birthday!" }, "rules-urgent");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.ReadAsync<OrderView>();
        Assert.Contains("priority:80", order.Flags);
    }

    [Fact]
    public async Task A_sandbox_run_reports_progress_and_kpis_side_by_side()
    {
        using var ops = _host.Client(ApiRoles.Operations);
        using var created = await PostRuleSetAsync(ops, RuleSetJson("weights", """{ "type": "always" }""", """{ "type": "routingWeights", "cost": 1 }"""));
        var version = (await created.ReadAsync<RuleSetVersionView>()).Summary.VersionId;
        (await ops.PostAsync($"{Base}/versions/{version}/validate", null)).Dispose();

        using var started = await ops.PostJsonAsync($"{Base}/sandbox", new SandboxRequest(version, Seed: 9, Orders: 2_000, HotSkus: 10));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await started.ReadAsync<SandboxStartedResponse>();
        Assert.Equal($"/api/v1/rules/sandbox/{run.RunId}", started.Headers.Location?.OriginalString);

        var watch = Stopwatch.StartNew();
        SandboxProgress progress;
        while ((progress = await (await ops.GetAsync($"{Base}/sandbox/{run.RunId}")).ReadAsync<SandboxProgress>()).State == SandboxRunState.Running)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }

        Assert.Equal(SandboxRunState.Completed, progress.State);
        var result = await (await ops.GetAsync($"{Base}/sandbox/{run.RunId}/result")).ReadAsync<SandboxResult>();
        Assert.Equal((1, version, 2_000, 2_000), (result.Baseline.VersionId, result.Candidate.VersionId, result.Baseline.Orders, result.Candidate.Orders));
        Assert.NotEmpty(result.Baseline.WarehouseLoad);

        using var missing = await ops.GetAsync($"{Base}/sandbox/no-such-run/result");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var invalid = await ops.PostJsonAsync($"{Base}/sandbox", new { orders = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static Task<HttpResponseMessage> PostRuleSetAsync(HttpClient client, string json, string? comment = null) =>
        client.PostAsync($"{Base}/versions{(comment is null ? string.Empty : "?comment=" + Uri.EscapeDataString(comment))}", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string RuleSetJson(string rule, string when, string then) => $$"""
        {
          "name": "api-test",
          "groups": [ { "name": "g", "mode": "allMatch", "rules": [ { "name": "{{rule}}", "when": {{when}}, "then": [ {{then}} ] } ] } ]
        }
        """;
}
