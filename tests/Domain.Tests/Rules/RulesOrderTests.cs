using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains.Customers;
using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Rules;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;
using static OrderGrains.Domain.Tests.Rules.RuleTestData;

namespace OrderGrains.Domain.Tests.Rules;

/// <summary>Rules deciding live orders: flags, routing, holds, the timeline's version, canary and shadow.</summary>
public sealed class RulesOrderTests : IAsyncLifetime
{
    private DomainHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    private IRuleSetGrain RuleSet => Grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync(services => services.Configure<CustomerPolicyOptions>(o => o.DuplicatePolicy = DuplicatePolicy.Merge));
        await StandardAsync(Grains);
        await StockAsync(Grains, "SKU-A", "WH-SH", 1000);
        await StockAsync(Grains, "SKU-A", "WH-BJ", 1000);
        await CustomerAsync(Grains, "C-STD");
        await CustomerAsync(Grains, "C-VIP", CustomerTier.Vip);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Without_a_rule_set_orders_record_nothing_about_rules()
    {
        var view = await Place("NR-1", Order("C-STD", Shanghai, ("SKU-A", 1)) with { Note = "urgent" });
        Assert.Equal(OrderStatus.ReleasedToWarehouse, view.Status);
        Assert.DoesNotContain(await Timeline("NR-1"), e => e.Type == "RulesApplied");
    }

    [Fact]
    public async Task An_urgent_keyword_in_the_note_raises_priority_and_the_timeline_names_the_version()
    {
        await RuleSet.SeedDefault(DefaultRuleSet.Json, "test");
        var urgent = await Place("URG-1", Order("C-STD", Shanghai, ("SKU-A", 1)) with { Note = "请尽快急发，谢谢" });
        var calm = await Place("URG-2", Order("C-STD", Shanghai, ("SKU-A", 2)) with { Note = "leave at the door" });

        Assert.Contains("priority:80", urgent.Flags);
        Assert.Contains("tag:urgent", urgent.Flags);
        Assert.DoesNotContain(calm.Flags, f => f.StartsWith("priority:", StringComparison.Ordinal));
        var applied = Assert.Single(await Timeline("URG-1"), e => e.Type == "RulesApplied");
        Assert.Equal("1", applied.Context["version"]);
        Assert.Equal("active", applied.Context["via"]);
        Assert.Equal("service/urgent-note", applied.Context["matched"]);
    }

    [Fact]
    public async Task A_rule_excluding_a_warehouse_moves_the_order_elsewhere()
    {
        var before = await Place("EX-0", Order("C-STD", Shanghai, ("SKU-A", 1)));
        Assert.Equal("WH-SH", before.Shipments.Single().WarehouseId);

        await ActivateAsync(OneRule("""{ "type": "destination", "cities": ["shanghai"] }""", """{ "type": "excludeWarehouses", "warehouses": ["WH-SH"] }"""));
        var after = await Place("EX-1", Order("C-STD", Shanghai, ("SKU-A", 2)));
        Assert.Equal("WH-BJ", after.Shipments.Single().WarehouseId);
    }

    [Fact]
    public async Task A_hold_rule_holds_the_order_until_released()
    {
        await ActivateAsync(OneRule("""{ "type": "orderSize", "minUnits": 50 }""", """{ "type": "hold", "reason": "bulk order review" }"""));
        var held = await Place("HOLD-1", Order("C-STD", Shanghai, ("SKU-A", 60)));
        Assert.Equal(OrderStatus.OnHold, held.Status);
        Assert.Contains("bulk order review", held.HoldReason, StringComparison.Ordinal);
        var slot = await Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-A", "WH-SH")).GetSnapshot();
        Assert.Equal(0, slot.Reserved);

        var released = await Grains.GetGrain<IOrderGrain>("HOLD-1").ReleaseHold(Cmd("release"));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, released.Status);
    }

    [Fact]
    public async Task Later_allocations_follow_the_decision_made_at_placement_even_after_a_rollback_and_a_restart()
    {
        await ActivateAsync(OneRule("""{ "type": "gift", "isGift": false }""", """{ "type": "tag", "tags": ["plain"] }"""));
        await ActivateAsync("""
            { "name": "t", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "avoid-sh", "when": { "type": "always" }, "then": [ { "type": "excludeWarehouses", "warehouses": ["WH-SH"] } ] },
              { "name": "review", "when": { "type": "orderSize", "minUnits": 3 }, "then": [ { "type": "hold", "reason": "review" } ] } ] } ] }
            """);
        var held = await Place("KEEP-1", Order("C-STD", Shanghai, ("SKU-A", 3)));
        Assert.Equal(OrderStatus.OnHold, held.Status);

        await RuleSet.Rollback(1, "ops", "back to plain");
        await _harness.RestartAsync();
        var released = await Grains.GetGrain<IOrderGrain>("KEEP-1").ReleaseHold(Cmd("release"));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, released.Status);
        Assert.Equal("WH-BJ", released.Shipments.Single().WarehouseId);
    }

    [Fact]
    public async Task A_block_merge_rule_keeps_a_near_duplicate_as_its_own_order()
    {
        await ActivateAsync(OneRule("""{ "type": "channel", "in": ["web"] }""", """{ "type": "blockMerge" }"""));
        await Place("DUP-1", Order("C-STD", Shanghai, ("SKU-A", 2)));
        var second = await Place("DUP-2", Order("C-STD", Shanghai, ("SKU-A", 2)));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, second.Status);
        Assert.Contains("no-merge", second.Flags);
        Assert.Contains(await Timeline("DUP-2"), e => e.Type == "MergeBlocked");

        var other = await Place("DUP-3", Order("C-STD", Shanghai, ("SKU-A", 2)) with { Channel = "app" });
        Assert.Equal(OrderStatus.Cancelled, other.Status);
    }

    [Fact]
    public async Task A_canary_decides_for_its_channel_and_the_timeline_says_so()
    {
        await ActivateAsync(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 60 }"""));
        await CreateValidatedAsync(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 90 }"""));
        await RuleSet.SetCanary(2, 0, ["app"], "ops", "app first");
        await WaitForStampAsync();

        var app = await Place("CAN-1", Order("C-STD", Shanghai, ("SKU-A", 1)) with { Channel = "app" });
        var web = await Place("CAN-2", Order("C-STD", Shanghai, ("SKU-A", 2)));
        Assert.Contains("priority:90", app.Flags);
        Assert.Contains("priority:60", web.Flags);
        var applied = Assert.Single(await Timeline("CAN-1"), e => e.Type == "RulesApplied");
        Assert.Equal(("2", "canary"), (applied.Context["version"], applied.Context["via"]));
    }

    [Fact]
    public async Task A_shadow_version_is_evaluated_and_counted_without_acting()
    {
        await ActivateAsync(OneRule("""{ "type": "always" }""", """{ "type": "tag", "tags": ["live"] }"""));
        await CreateValidatedAsync(OneRule("""{ "type": "always" }""", """{ "type": "hold", "reason": "shadow would hold" }"""));
        await RuleSet.SetShadow(2, "ops");
        await WaitForStampAsync();

        var view = await Place("SH-1", Order("C-STD", Shanghai, ("SKU-A", 1)));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, view.Status);
        Assert.Null(view.HoldReason);
        Assert.Contains("tag:live", view.Flags);
        var applied = Assert.Single(await Timeline("SH-1"), e => e.Type == "RulesApplied");
        Assert.Equal(("1", "2", "yes"), (applied.Context["version"], applied.Context["shadowVersion"], applied.Context["shadowDiffers"]));

        var report = await Grains.GetGrain<IRuleShadowGrain>("2").GetReport();
        Assert.Equal((1L, 1L), (report.Evaluated, report.Differing));
        Assert.Equal(1, report.DifferencesBySetting["hold"]);
        Assert.Equal("SH-1", report.Recent.Single().OrderId);
    }

    [Fact]
    public async Task A_rule_sla_for_any_tier_and_a_service_change_reach_routing()
    {
        await ActivateAsync(OneRule("""{ "type": "customerTier", "atLeast": "standard" }""", """{ "type": "carrierService", "service": "express" }"""));
        var view = await Place("SRV-1", Order("C-STD", Shanghai, ("SKU-A", 1)));
        Assert.Equal(ShippingSpeed.Express, view.Shipments.Single().Service);
    }

    private async Task<OrderView> Place(string id, PlaceOrder order) => await Grains.GetGrain<IOrderGrain>(id).Place(order, Cmd($"place-{id}"));

    private async Task<IReadOnlyList<TimelineEvent>> Timeline(string id) => await Grains.GetGrain<IOrderGrain>(id).GetTimeline();

    private async Task CreateValidatedAsync(string json)
    {
        var draft = await RuleSet.CreateDraft(json, "ops", null);
        await RuleSet.Validate(draft.Summary.VersionId, "ops");
    }

    private async Task ActivateAsync(string json)
    {
        var draft = await RuleSet.CreateDraft(json, "ops", null);
        await RuleSet.Validate(draft.Summary.VersionId, "ops");
        await RuleSet.Activate(draft.Summary.VersionId, "ops", null, null, null);
        await WaitForStampAsync();
    }

    /// <summary>The silo's cache has the rule set's current stamp (it polls; at most 250 ms plus a call).</summary>
    private async Task WaitForStampAsync()
    {
        var cache = _harness.Silo.Services.GetRequiredService<RuleSetCache>();
        var stamp = await RuleSet.GetStamp();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((await cache.GetAsync()).Stamp != stamp)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}
