namespace OrderGrains.Grains.Rules;

/// <summary>The rule set the demo data seeds as version 1 (see docs/rules.md).</summary>
public static class DefaultRuleSet
{
    public const string Json = """
        {
          "name": "default",
          "description": "Seeded with the demo data: VIP orders within 48 h, gift orders never merge, an urgent note raises priority.",
          "timeZone": "Asia/Shanghai",
          "groups": [
            {
              "name": "service",
              "mode": "allMatch",
              "priority": 10,
              "rules": [
                {
                  "name": "vip-48h",
                  "description": "VIP orders must arrive within 48 hours.",
                  "when": { "type": "customerTier", "atLeast": "vip" },
                  "then": [ { "type": "sla", "hours": 48 }, { "type": "tag", "tags": ["vip"] } ]
                },
                {
                  "name": "gift-never-merges",
                  "description": "Gift orders are never merged into a near-duplicate.",
                  "when": { "type": "gift" },
                  "then": [ { "type": "blockMerge" }, { "type": "tag", "tags": ["gift"] } ]
                },
                {
                  "name": "urgent-note",
                  "description": "An urgent keyword in the buyer's note raises priority.",
                  "when": { "type": "note", "keywords": ["urgent", "asap", "birthday gift", "急发", "加急", "生日礼物"] },
                  "then": [ { "type": "priority", "level": 80 }, { "type": "tag", "tags": ["urgent"] } ]
                }
              ]
            }
          ]
        }
        """;
}
