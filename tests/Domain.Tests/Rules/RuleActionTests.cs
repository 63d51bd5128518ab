using OrderGrains.Interfaces.Routing;
using static OrderGrains.Domain.Tests.Rules.RuleTestData;

namespace OrderGrains.Domain.Tests.Rules;

public sealed class RuleActionTests
{
    [Fact]
    public void Every_action_type_lands_in_the_decision_and_the_routing_policy()
    {
        var json = """
            { "name": "all-actions", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "routing", "when": { "type": "always" }, "then": [
                { "type": "routingWeights", "transit": 2, "cost": 0.1, "splitPenalty": 3, "saturation": 1, "carbon": 0.5 },
                { "type": "excludeWarehouses", "warehouses": ["WH-A"] },
                { "type": "preferWarehouses", "warehouses": ["WH-B"], "bonus": 2 },
                { "type": "maxSplits", "shipments": 2 },
                { "type": "sla", "hours": 24, "confidence": 0.95 } ] },
              { "name": "order", "when": { "type": "always" }, "then": [
                { "type": "priority", "level": 90 },
                { "type": "hold", "reason": "manual check" },
                { "type": "attachInsert", "item": "advisor-card" },
                { "type": "attachInsert", "item": "sample", "kind": "gift" },
                { "type": "blockMerge" },
                { "type": "carrierService", "service": "express", "carrier": "SF" },
                { "type": "promiseConfidence", "target": 0.97 },
                { "type": "tag", "tags": ["vip", "check"] } ] } ] } ] }
            """;
        var decision = Compile(json, 7).Evaluate(Facts());
        Assert.Equal(7, decision.VersionId);
        Assert.Equal(["g/routing", "g/order"], decision.MatchedRules);
        Assert.Equal(90, decision.Priority);
        Assert.True(decision.Hold);
        Assert.Equal(["manual check"], decision.HoldReasons);
        Assert.Equal(["advisor-card", "gift:sample"], decision.Inserts);
        Assert.True(decision.BlockMerge);
        Assert.Equal(ShippingSpeed.Express, decision.Service);
        Assert.Equal("SF", decision.Carrier);
        Assert.Equal(0.97, decision.ConfidenceTarget);
        Assert.Equal(["vip", "check"], decision.Tags);

        var policy = decision.ToPolicy(RoutingPolicy.Default);
        Assert.Equal((2.0, 0.1, 3.0, 1.0, 0.5), (policy.TransitWeight, policy.CostWeight, policy.SplitPenalty, policy.SaturationWeight, policy.CarbonWeight));
        Assert.Equal(["WH-A"], decision.ExcludedWarehouses);
        Assert.Equal(["WH-B"], policy.PreferredWarehouses);
        Assert.Equal(2.0, policy.PreferenceBonus);
        Assert.Equal(2, policy.MaxShipments);
        Assert.Equal((24, 0.95, true), (policy.VipSlaHours, policy.VipSlaConfidence, policy.EnforceSla));
        Assert.Equal("SF", policy.PreferredCarrier);
    }

    [Fact]
    public void Ship_together_means_one_shipment()
    {
        var decision = Compile(OneRule("""{ "type": "always" }""", """{ "type": "shipTogether" }""")).Evaluate(Facts());
        Assert.True(decision.ShipTogether);
        Assert.Equal(1, decision.ToPolicy(RoutingPolicy.Default).MaxShipments);
    }

    [Fact]
    public void A_first_match_group_applies_only_its_first_matching_rule_in_priority_order()
    {
        var json = """
            { "name": "t", "groups": [ { "name": "g", "mode": "firstMatch", "rules": [
              { "name": "late", "priority": 20, "when": { "type": "always" }, "then": [ { "type": "tag", "tags": ["late"] } ] },
              { "name": "early", "priority": 10, "when": { "type": "always" }, "then": [ { "type": "tag", "tags": ["early"] } ] } ] } ] }
            """;
        var decision = Compile(json).Evaluate(Facts());
        Assert.Equal(["g/early"], decision.MatchedRules);
        Assert.Equal(["early"], decision.Tags);
    }

    [Fact]
    public void The_earlier_group_wins_single_values_while_sets_unite_and_priority_takes_the_highest()
    {
        var json = """
            { "name": "t", "groups": [
              { "name": "second", "priority": 20, "mode": "allMatch", "rules": [ { "name": "b", "when": { "type": "always" }, "then": [
                { "type": "sla", "hours": 72 }, { "type": "priority", "level": 90 }, { "type": "tag", "tags": ["b"] } ] } ] },
              { "name": "first", "priority": 10, "mode": "allMatch", "rules": [ { "name": "a", "when": { "type": "always" }, "then": [
                { "type": "sla", "hours": 24 }, { "type": "priority", "level": 60 }, { "type": "tag", "tags": ["a"] } ] } ] } ] }
            """;
        var decision = Compile(json).Evaluate(Facts());
        Assert.Equal(["first/a", "second/b"], decision.MatchedRules);
        Assert.Equal(24, decision.SlaHours);
        Assert.Equal(90, decision.Priority);
        Assert.Equal(["a", "b"], decision.Tags);
    }

    [Fact]
    public void Disabled_rules_never_match()
    {
        var json = """
            { "name": "t", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "off", "enabled": false, "when": { "type": "always" }, "then": [ { "type": "hold", "reason": "x" } ] } ] } ] }
            """;
        var decision = Compile(json).Evaluate(Facts());
        Assert.Empty(decision.MatchedRules);
        Assert.False(decision.Hold);
        Assert.Equal(50, decision.Priority);
    }

    [Fact]
    public void The_issue_example_rules_decide_as_written()
    {
        var decision = Compile(IssueExamples.Json).Evaluate(Facts(
            Interfaces.CustomerTier.Gold,
            note: "急发！生日礼物",
            gift: true,
            lines: [("IF-STAGE2", 1, 250m)]));
        Assert.Contains("advisor-card", decision.Inserts);
        Assert.True(decision.BlockMerge);
        Assert.Equal(80, decision.Priority);
        Assert.Contains("urgent", decision.Tags);

        var vip = Compile(IssueExamples.Json).Evaluate(Facts(Interfaces.CustomerTier.Vip));
        Assert.Equal(48, vip.SlaHours);
        Assert.Equal(50, vip.Priority);
    }

    [Fact]
    public void A_decision_lists_its_differences_from_another()
    {
        var a = Compile(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 80 }""")).Evaluate(Facts());
        var b = Compile(OneRule("""{ "type": "always" }""", """{ "type": "hold", "reason": "x" }"""), 2).Evaluate(Facts());
        var differences = b.DifferencesFrom(a);
        Assert.Contains("priority: 80 -> 50", differences);
        Assert.Contains("hold: no -> x", differences);
        Assert.Empty(a.DifferencesFrom(a));
    }
}
