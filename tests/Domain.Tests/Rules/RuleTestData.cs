using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Domain.Tests.Rules;

/// <summary>Rule set texts and order facts for the rules tests.</summary>
internal static class RuleTestData
{
    public static readonly DateTimeOffset Monday10Utc = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A rule set of one group holding one rule with the given condition and actions (JSON fragments).</summary>
    public static string OneRule(string when, string then, string mode = "allMatch", string extra = "") => $$"""
        {
          "name": "test"{{extra}},
          "groups": [
            { "name": "g", "mode": "{{mode}}", "rules": [ { "name": "r", "when": {{when}}, "then": [ {{then}} ] } ] }
          ]
        }
        """;

    public static CompiledRuleSet Compile(string json, int version = 1) => RuleCompiler.Compile(json, version);

    public static RuleFacts Facts(
        CustomerTier tier = CustomerTier.Standard,
        string channel = "web",
        string? note = null,
        bool gift = false,
        ShippingSpeed speed = ShippingSpeed.Standard,
        DateTimeOffset? now = null,
        string customerId = "C-1",
        (string Sku, int Quantity, decimal Price)[]? lines = null,
        CustomerHistory? history = null,
        bool acceptsSplit = true,
        string country = "CN",
        string city = "Shanghai",
        string postalCode = "200000",
        IReadOnlyDictionary<string, StockFact>? stock = null,
        IReadOnlyList<Interfaces.Warehouses.WarehouseSnapshot>? warehouses = null)
    {
        var profile = new CustomerProfile(customerId, "Test", tier, new CustomerPreferences(acceptsSplit), [], history ?? new CustomerHistory(0, 0, 0, 0));
        var orderLines = (lines ?? [("SKU-1", 1, 100m)]).Select(l => (l.Sku, l.Quantity, l.Price, false)).ToList();
        return RuleFacts.For("O-1", customerId, channel, orderLines, new Address("N", "L1", city, "SH", postalCode, country, 31.2, 121.5), gift, speed, note, profile, now ?? Monday10Utc, stock, warehouses);
    }

    public static bool Matches(string when, RuleFacts facts, string extra = "") =>
        Compile(OneRule(when, """{ "type": "tag", "tags": ["hit"] }""", extra: extra)).Evaluate(facts).Tags.Contains("hit");

    public static RuleSetValidation Validate(string json) => RuleSetJson.Parse(json).Validation;
}
