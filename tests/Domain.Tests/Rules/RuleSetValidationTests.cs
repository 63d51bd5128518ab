using OrderGrains.Interfaces.Rules;
using static OrderGrains.Domain.Tests.Rules.RuleTestData;

namespace OrderGrains.Domain.Tests.Rules;

public sealed class RuleSetValidationTests
{
    [Fact]
    public void A_valid_rule_set_has_no_problems()
    {
        var validation = Validate(OneRule("""{ "type": "customerTier", "atLeast": "gold" }""", """{ "type": "priority", "level": 80 }"""));
        Assert.True(validation.IsValid, string.Join("; ", validation.Problems.Select(p => p.Message)));
        Assert.Empty(validation.Problems);
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line()
    {
        var validation = Validate("{\n  \"name\": \"x\",\n  \"groups\": [ }\n}");
        var problem = Assert.Single(validation.Problems);
        Assert.Equal("json", problem.Code);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void An_unknown_condition_type_names_the_known_ones_and_its_line()
    {
        var json = OneRule("""{ "type": "moonPhase", "phase": "full" }""", """{ "type": "priority", "level": 80 }""");
        var problem = Assert.Single(Validate(json).Problems);
        Assert.Equal("type", problem.Field);
        Assert.Contains("customerTier", problem.Message, StringComparison.Ordinal);
        Assert.Equal(4, problem.Line);
        Assert.DoesNotContain("OrderGrains.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_without_type_is_reported_at_its_path()
    {
        var problem = Assert.Single(Validate(OneRule("""{ "atLeast": "gold" }""", """{ "type": "priority", "level": 80 }""")).Problems);
        Assert.Equal("type", problem.Field);
        Assert.StartsWith("$.groups[0].rules[0].when", problem.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_is_named()
    {
        var problem = Assert.Single(Validate(OneRule("""{ "type": "customerTier", "atleast": "gold" }""", """{ "type": "priority", "level": 80 }""")).Problems);
        Assert.Equal("atleast", problem.Field);
        Assert.Contains("Unknown property", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_enum_value_is_reported_with_path_and_line()
    {
        var problem = Assert.Single(Validate(OneRule("""{ "type": "customerTier", "atLeast": "platinum" }""", """{ "type": "priority", "level": 80 }""")).Problems);
        Assert.Equal("$.groups[0].rules[0].when.atLeast", problem.Path);
        Assert.Equal(4, problem.Line);
    }

    [Fact]
    public void A_missing_required_property_is_named()
    {
        var problem = Assert.Single(Validate("""{ "groups": [] }""").Problems);
        Assert.Contains("name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_values_are_reported_per_field_with_their_line()
    {
        var json = OneRule("""{ "type": "time", "fromHour": 25 }""", """{ "type": "priority", "level": 101 }""");
        var problems = Validate(json).Problems;
        Assert.Contains(problems, p => p.Path == "$.groups[0].rules[0].when.fromHour" && p.Field == "fromHour" && p.Line == 4);
        Assert.Contains(problems, p => p.Path == "$.groups[0].rules[0].then[0].level" && p.Field == "level");
    }

    [Fact]
    public void An_undefined_product_set_is_an_unknown_reference()
    {
        var problems = Validate(OneRule("""{ "type": "product", "set": "infant-formula" }""", """{ "type": "priority", "level": 1 }""")).Problems;
        Assert.Contains(problems, p => p.Code == "unknown-reference" && p.Field == "set");
    }

    [Fact]
    public void Duplicate_rule_names_in_a_group_are_refused()
    {
        var json = """
            { "name": "t", "groups": [ { "name": "g", "mode": "firstMatch", "rules": [
              { "name": "a", "when": { "type": "always" }, "then": [ { "type": "priority", "level": 1 } ] },
              { "name": "A", "when": { "type": "always" }, "then": [ { "type": "priority", "level": 2 } ] } ] } ] }
            """;
        Assert.Contains(Validate(json).Problems, p => p.Code == "duplicate" && p.Line == 3);
    }

    [Fact]
    public void Two_rules_of_an_all_match_group_setting_different_max_splits_conflict()
    {
        var json = """
            { "name": "t", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "a", "when": { "type": "always" }, "then": [ { "type": "maxSplits", "shipments": 1 } ] },
              { "name": "b", "when": { "type": "gift" }, "then": [ { "type": "maxSplits", "shipments": 2 } ] } ] } ] }
            """;
        var validation = Validate(json);
        Assert.False(validation.IsValid);
        var conflict = Assert.Single(validation.Errors);
        Assert.Equal("conflict", conflict.Code);
        Assert.Contains("g/a", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("g/b", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_settings_in_a_first_match_group_do_not_conflict()
    {
        var json = """
            { "name": "t", "groups": [ { "name": "g", "mode": "firstMatch", "rules": [
              { "name": "a", "when": { "type": "gift" }, "then": [ { "type": "maxSplits", "shipments": 1 } ] },
              { "name": "b", "when": { "type": "always" }, "then": [ { "type": "maxSplits", "shipments": 2 } ] } ] } ] }
            """;
        Assert.True(Validate(json).IsValid);
    }

    [Fact]
    public void Different_values_in_different_groups_are_a_warning_resolved_by_precedence()
    {
        var json = """
            { "name": "t", "groups": [
              { "name": "g1", "mode": "allMatch", "rules": [ { "name": "a", "when": { "type": "always" }, "then": [ { "type": "sla", "hours": 24 } ] } ] },
              { "name": "g2", "mode": "allMatch", "rules": [ { "name": "b", "when": { "type": "always" }, "then": [ { "type": "sla", "hours": 48 } ] } ] } ] }
            """;
        var validation = Validate(json);
        Assert.True(validation.IsValid);
        Assert.Contains(validation.Problems, p => p is { Severity: RuleSetProblemSeverity.Warning, Code: "conflict" });
    }

    [Fact]
    public void A_warehouse_both_excluded_and_preferred_is_a_conflict()
    {
        var json = """
            { "name": "t", "groups": [
              { "name": "g1", "mode": "firstMatch", "rules": [ { "name": "a", "when": { "type": "always" }, "then": [ { "type": "excludeWarehouses", "warehouses": ["WH-SH"] } ] } ] },
              { "name": "g2", "mode": "firstMatch", "rules": [ { "name": "b", "when": { "type": "gift" }, "then": [ { "type": "preferWarehouses", "warehouses": ["WH-SH"] } ] } ] } ] }
            """;
        Assert.Contains(Validate(json).Errors, p => p.Code == "conflict" && p.Message.Contains("WH-SH", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_condition_and_action_type_of_the_model_is_in_the_published_schema()
    {
        var kinds = typeof(RuleCondition).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
            .Concat(typeof(RuleAction).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false))
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>()
            .Select(a => (string)a.TypeDiscriminator!)
            .ToList();
        Assert.Equal(RuleSetSchema.ConditionTypes.Count + RuleSetSchema.ActionTypes.Count, kinds.Count);
        using var schema = System.Text.Json.JsonDocument.Parse(RuleSetSchema.Json);
        foreach (var kind in kinds)
        {
            Assert.Contains($"\"const\": \"{kind}\"", RuleSetSchema.Json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_written_rule_set_reads_back_equal_with_type_discriminators_and_no_type_names()
    {
        var (document, validation) = RuleSetJson.Parse(OneRule("""{ "type": "all", "conditions": [ { "type": "gift" }, { "type": "note", "keywords": ["urgent"] } ] }""", """{ "type": "hold", "reason": "check" }"""));
        Assert.True(validation.IsValid);
        var text = RuleSetJson.Write(document!);
        Assert.Contains("\"type\": \"all\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OrderGrains", text, StringComparison.Ordinal);
        Assert.Equal(text, RuleSetJson.Write(RuleSetJson.Parse(text).Document!));
    }
}
