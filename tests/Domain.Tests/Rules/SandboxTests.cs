using System.Diagnostics;
using System.Text.Json;
using OrderGrains.Grains.Rules;
using OrderGrains.Grains.Rules.Sandbox;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;
using static OrderGrains.Domain.Tests.Rules.RuleTestData;

namespace OrderGrains.Domain.Tests.Rules;

public sealed class SandboxTests
{
    private static readonly WarehouseSnapshot[] Network =
    [
        new(Warehouse("WH-SH", "Shanghai", Shanghai, 5_000), WarehouseStatus.Online, null, 0, 0),
        new(Warehouse("WH-BJ", "Beijing", Beijing, 5_000), WarehouseStatus.Online, null, 0, 0),
        new(Warehouse("WH-GZ", "Guangzhou", Guangzhou, 5_000), WarehouseStatus.Online, null, 0, 0),
    ];

    private static readonly CompiledRuleSet Baseline = Compile(DefaultRuleSet.Json, 1);

    private static readonly CompiledRuleSet ExcludeShanghai = Compile(
        OneRule("""{ "type": "always" }""", """{ "type": "excludeWarehouses", "warehouses": ["WH-SH"] }"""), 2);

    [Fact]
    public void A_replay_is_deterministic_for_a_seed()
    {
        var first = Run(new SandboxRequest(2, Seed: 42, Orders: 3_000, HotSkus: 20));
        var second = Run(new SandboxRequest(2, Seed: 42, Orders: 3_000, HotSkus: 20));
        var other = Run(new SandboxRequest(2, Seed: 43, Orders: 3_000, HotSkus: 20));

        Assert.Equal(Json(first with { Seconds = 0, OrdersPerSecond = 0 }), Json(second with { Seconds = 0, OrdersPerSecond = 0 }));
        Assert.NotEqual(Json(first.Candidate), Json(other.Candidate));
    }

    [Fact]
    public void A_rule_excluding_a_warehouse_moves_its_load_elsewhere()
    {
        var result = Run(new SandboxRequest(2, Seed: 7, Orders: 2_000, HotSkus: 20));

        Assert.True(result.Baseline.WarehouseLoad.GetValueOrDefault("WH-SH") > 0);
        Assert.Equal(0, result.Candidate.WarehouseLoad.GetValueOrDefault("WH-SH"));
        Assert.True(result.Candidate.WarehouseLoad.GetValueOrDefault("WH-BJ") + result.Candidate.WarehouseLoad.GetValueOrDefault("WH-GZ")
            > result.Baseline.WarehouseLoad.GetValueOrDefault("WH-BJ") + result.Baseline.WarehouseLoad.GetValueOrDefault("WH-GZ"));
        Assert.True(result.ChangedOrders > 0);
        Assert.Contains(result.Changes, c => c.Baseline.Contains("WH-SH", StringComparison.Ordinal) && c.Why.Any(w => w.StartsWith("excluded: none -> WH-SH", StringComparison.Ordinal)));
        Assert.Equal(result.Baseline.Orders, result.Baseline.Allocated + result.Baseline.Backordered + result.Baseline.Held);
    }

    [Fact]
    public void No_order_is_allocated_to_a_warehouse_after_its_outage()
    {
        var request = new SandboxRequest(2, Seed: 3, Orders: 2_000, HotSkus: 20, OutageWarehouse: "WH-BJ");
        var catalogue = FlashSaleGenerator.Catalogue(20, 200);
        var orders = FlashSaleGenerator.Orders(request, catalogue, Network);
        var world = new SandboxWorld(Network, FlashSaleGenerator.Stock(catalogue, 20, Network, 3));
        var leg = SandboxReplayer.Run(orders, world, null, FlashSaleGenerator.Outages(request), null, CancellationToken.None);

        var tenOClock = new DateTimeOffset(FlashSaleGenerator.Day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        var after = Enumerable.Range(0, orders.Count).Where(i => orders[i].At >= tenOClock).ToList();
        Assert.NotEmpty(after);
        Assert.DoesNotContain(after, i => leg.Outcomes[i].Warehouses.Contains("WH-BJ", StringComparison.Ordinal));
        Assert.Contains(Enumerable.Range(0, orders.Count).Where(i => orders[i].At < tenOClock), i => leg.Outcomes[i].Warehouses.Contains("WH-BJ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flash_sale_concentrates_volume_on_the_hot_skus()
    {
        var request = new SandboxRequest(2, Seed: 5, Orders: 5_000, HotSkus: 50, VolumeMultiplier: 20);
        var catalogue = FlashSaleGenerator.Catalogue(50, 200);
        var lines = FlashSaleGenerator.Orders(request, catalogue, Network).SelectMany(o => o.Lines).ToList();
        var hotPerSku = lines.Count(l => l.Sku.StartsWith("SBX-HOT", StringComparison.Ordinal)) / 50.0;
        var normalPerSku = lines.Count(l => !l.Sku.StartsWith("SBX-HOT", StringComparison.Ordinal)) / 150.0;
        Assert.InRange(hotPerSku / normalPerSku, 15, 26);
    }

    [Fact]
    public async Task A_sandbox_run_through_its_grain_reports_progress_and_leaves_live_stock_untouched()
    {
        await using var harness = await DomainHarness.StartAsync();
        var grains = harness.Grains;
        await StandardAsync(grains);
        await StockAsync(grains, "SKU-LIVE", "WH-SH", 300);
        await StockAsync(grains, "SKU-LIVE", "WH-BJ", 300);
        var ruleSet = grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);
        await ruleSet.SeedDefault(DefaultRuleSet.Json, "test");
        await ruleSet.CreateDraft(OneRule("""{ "type": "always" }""", """{ "type": "excludeWarehouses", "warehouses": ["WH-SH"] }"""), "test", null);
        await ruleSet.Validate(2, "test");
        var slot = grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-LIVE", "WH-SH"));
        var before = await slot.GetSnapshot();

        var sandbox = grains.GetGrain<ISandboxGrain>("run-1");
        var started = await sandbox.Start(new SandboxRequest(2, Seed: 1, Orders: 400, HotSkus: 1, Skus: ["SKU-LIVE"]), "test");
        Assert.Equal(SandboxRunState.Running, started.State);
        var progress = await WaitAsync(sandbox);
        Assert.Equal(SandboxRunState.Completed, progress.State);
        Assert.Equal(400, progress.Processed);

        var result = (await sandbox.GetResult())!;
        Assert.Equal((1, 2), (result.Baseline.VersionId, result.Candidate.VersionId));
        Assert.True(result.Baseline.WarehouseLoad.GetValueOrDefault("WH-SH") > 0);
        Assert.Equal(0, result.Candidate.WarehouseLoad.GetValueOrDefault("WH-SH"));
        Assert.Equal(before, await slot.GetSnapshot());
        Assert.Equal(0, (await grains.GetGrain<IWarehouseGrain>("WH-SH").GetSnapshot()).BacklogUnits);
    }

    [Fact]
    public async Task A_sandbox_run_can_be_cancelled()
    {
        await using var harness = await DomainHarness.StartAsync();
        var grains = harness.Grains;
        await StandardAsync(grains);
        var ruleSet = grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);
        await ruleSet.SeedDefault(DefaultRuleSet.Json, "test");
        var sandbox = grains.GetGrain<ISandboxGrain>("run-cancel");
        await sandbox.Start(new SandboxRequest(1, Seed: 1, Orders: 1_000_000), "test");
        await sandbox.Cancel();
        var progress = await WaitAsync(sandbox);
        Assert.Equal(SandboxRunState.Cancelled, progress.State);
        Assert.Null(await sandbox.GetResult());
    }

    [Fact]
    public async Task A_sandbox_of_a_draft_fails_with_a_reason()
    {
        await using var harness = await DomainHarness.StartAsync();
        var ruleSet = harness.Grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);
        await ruleSet.CreateDraft(OneRule("""{ "type": "always" }""", """{ "type": "tag", "tags": ["x"] }"""), "test", null);
        var sandbox = harness.Grains.GetGrain<ISandboxGrain>("run-draft");
        await sandbox.Start(new SandboxRequest(1, Orders: 10), "test");
        var progress = await WaitAsync(sandbox);
        Assert.Equal(SandboxRunState.Failed, progress.State);
        Assert.Contains("draft", progress.Error, StringComparison.Ordinal);
    }

    private static SandboxResult Run(SandboxRequest request)
    {
        var catalogue = FlashSaleGenerator.Catalogue(request.HotSkus, 200);
        var orders = FlashSaleGenerator.Orders(request, catalogue, Network);
        var world = new SandboxWorld(Network, FlashSaleGenerator.Stock(catalogue, request.HotSkus, Network, request.Seed));
        var before = world.TotalAvailable;
        var result = SandboxRunner.Run("test", request, orders, world, Baseline, ExcludeShanghai, FlashSaleGenerator.Outages(request), null, CancellationToken.None);
        Assert.Equal(before, world.TotalAvailable);
        return result;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static async Task<SandboxProgress> WaitAsync(ISandboxGrain sandbox)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var progress = (await sandbox.GetProgress())!;
            if (progress.State != SandboxRunState.Running)
            {
                return progress;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the sandbox run did not finish");
            await Task.Delay(20);
        }
    }
}
