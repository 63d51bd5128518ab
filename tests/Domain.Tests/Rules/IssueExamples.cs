namespace OrderGrains.Domain.Tests.Rules;

/// <summary>The rules the issue quotes, as a rule set (also shown in docs/rules.md).</summary>
internal static class IssueExamples
{
    public const string Json = """
        {
          "name": "issue-8-examples",
          "timeZone": "Asia/Shanghai",
          "productSets": { "infant-formula": { "skuPrefixes": ["IF-"] } },
          "groups": [
            {
              "name": "service", "mode": "allMatch", "priority": 10,
              "rules": [
                { "name": "advisor-card", "when": { "type": "all", "conditions": [
                    { "type": "customerTier", "atLeast": "gold" }, { "type": "product", "set": "infant-formula" } ] },
                  "then": [ { "type": "attachInsert", "item": "advisor-card" } ] },
                { "name": "vip-48h", "when": { "type": "customerTier", "atLeast": "vip" },
                  "then": [ { "type": "sla", "hours": 48 } ] },
                { "name": "gift-never-merges", "when": { "type": "gift" },
                  "then": [ { "type": "blockMerge" }, { "type": "tag", "tags": ["gift"] } ] },
                { "name": "urgent-note", "when": { "type": "note", "keywords": ["urgent", "birthday gift", "急发", "生日礼物"] },
                  "then": [ { "type": "priority", "level": 80 }, { "type": "tag", "tags": ["urgent"] } ] }
              ]
            },
            {
              "name": "stock", "mode": "firstMatch", "priority": 20,
              "rules": [
                { "name": "hold-short-sku", "when": { "type": "stock", "belowSafety": true, "noInboundWithinDays": 7 },
                  "then": [ { "type": "hold", "reason": "stock below safety with no inbound for 7 days" } ] }
              ]
            }
          ]
        }
        """;
}
