using System.Globalization;
using System.Text;
using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces;

namespace OrderGrains.Bench.Rules;

/// <summary>
/// The 50-rule set of the rules benchmark (5 groups of 10 rules: tier and value, channel and city, product prefixes,
/// note keywords, hour window or speed) as JSON for the compiler, and the same rules hand-written in C# (what a
/// developer would code: loops over the rules' constants with direct comparisons) as the baseline.
/// </summary>
internal static class BenchRuleSet
{
    public static readonly CustomerTier[] Tiers = [CustomerTier.Vip, CustomerTier.Vip, CustomerTier.Gold, CustomerTier.Gold, CustomerTier.Gold, CustomerTier.Silver, CustomerTier.Silver, CustomerTier.Silver, CustomerTier.Standard, CustomerTier.Standard];
    public static readonly decimal[] Values = [2000m, 0m, 1500m, 800m, 0m, 1000m, 300m, 0m, 500m, 0m];
    public static readonly int[] Hours = [24, 36, 36, 48, 60, 48, 60, 72, 72, 96];
    public static readonly string[] Channels = ["web", "app", "marketplace", "web", "app", "marketplace", "web", "app", "marketplace", "web"];
    public static readonly string[] Cities = ["Shanghai", "Beijing", "Guangzhou", "Shenzhen", "Chengdu", "Hangzhou", "Wuhan", "Nanjing", "Xi'an", "Tianjin"];
    public static readonly string[] Prefixes = ["IF-", "TOY-", "BK-", "EL-", "FD-", "CL-", "SP-", "HM-", "BT-", "PT-"];
    public static readonly string[][] Keywords = [["urgent"], ["asap"], ["急发"], ["加急"], ["birthday gift"], ["生日礼物"], ["fragile"], ["易碎"], ["gift wrap"], ["礼品包装"]];

    public static string Json()
    {
        var text = new StringBuilder();
        text.Append("""{ "name": "bench-50", "groups": [""");
        Group(text, "tier-value", "firstMatch", 10, i =>
            $$"""{ "type": "all", "conditions": [ { "type": "customerTier", "atLeast": "{{Tiers[i].ToString().ToLowerInvariant()}}" }, { "type": "orderValue", "min": {{Values[i].ToString(CultureInfo.InvariantCulture)}} } ] }""",
            i => $$"""{ "type": "sla", "hours": {{Hours[i]}} }, { "type": "tag", "tags": ["tv{{i}}"] }""");
        text.Append(',');
        Group(text, "channel-city", "allMatch", 20, i =>
            $$"""{ "type": "all", "conditions": [ { "type": "channel", "in": ["{{Channels[i]}}"] }, { "type": "destination", "cities": ["{{Cities[i]}}"] } ] }""",
            i => $$"""{ "type": "priority", "level": {{50 + i}} }, { "type": "tag", "tags": ["cc{{i}}"] }""");
        text.Append(',');
        Group(text, "products", "allMatch", 30, i =>
            $$"""{ "type": "product", "skuPrefixes": ["{{Prefixes[i]}}"], "minQuantity": {{1 + (i % 2)}} }""",
            i => $$"""{ "type": "attachInsert", "item": "card-{{i}}" }""");
        text.Append(',');
        Group(text, "notes", "firstMatch", 40, i =>
            $$"""{ "type": "note", "keywords": ["{{string.Join("\", \"", Keywords[i])}}"] }""",
            i => $$"""{ "type": "priority", "level": {{60 + i}} }, { "type": "tag", "tags": ["note{{i}}"] }""");
        text.Append(',');
        Group(text, "time-speed", "allMatch", 50, i =>
            $$"""{ "type": "all", "conditions": [ { "type": "any", "conditions": [ { "type": "time", "fromHour": {{i * 2}}, "toHour": {{(i * 2) + 2}} }, { "type": "speed", "in": ["{{(i % 3 == 0 ? "priority" : "express")}}"] } ] }, { "type": "not", "condition": { "type": "gift" } } ] }""",
            i => $$"""{ "type": "tag", "tags": ["ts{{i}}"] }""");
        text.Append("] }");
        return text.ToString();
    }

    /// <summary>The same rules, hand-written.</summary>
    public static Interfaces.Rules.RuleDecision HandWritten(RuleFacts facts)
    {
        var b = new DecisionBuilder();
        for (var i = 0; i < 10; i++)
        {
            if (facts.Tier >= Tiers[i] && facts.Value >= Values[i])
            {
                b.Matched(Names.TierValue[i]);
                b.Sla(Hours[i], null);
                b.Tag(Names.TierValueTags[i]);
                break;
            }
        }

        for (var i = 0; i < 10; i++)
        {
            if (string.Equals(facts.Channel, Channels[i], StringComparison.OrdinalIgnoreCase) && string.Equals(facts.City, Cities[i], StringComparison.OrdinalIgnoreCase))
            {
                b.Matched(Names.ChannelCity[i]);
                b.Priority(50 + i);
                b.Tag(Names.ChannelCityTags[i]);
            }
        }

        for (var i = 0; i < 10; i++)
        {
            foreach (var line in facts.Lines)
            {
                if (line.Quantity >= 1 + (i % 2) && line.Sku.StartsWith(Prefixes[i], StringComparison.OrdinalIgnoreCase))
                {
                    b.Matched(Names.Products[i]);
                    b.Insert(Names.Cards[i]);
                    break;
                }
            }
        }

        for (var i = 0; i < 10; i++)
        {
            if (facts.FoldedNote.Length > 0 && facts.FoldedNote.Contains(Keywords[i][0], StringComparison.Ordinal))
            {
                b.Matched(Names.Notes[i]);
                b.Priority(60 + i);
                b.Tag(Names.NoteTags[i]);
                break;
            }
        }

        var hour = facts.Now.UtcDateTime.Hour;
        for (var i = 0; i < 10; i++)
        {
            var speed = i % 3 == 0 ? ShippingSpeed.Priority : ShippingSpeed.Express;
            if (((hour >= i * 2 && hour < (i * 2) + 2) || facts.Speed == speed) && !facts.IsGift)
            {
                b.Matched(Names.TimeSpeed[i]);
                b.Tag(Names.TimeSpeedTags[i]);
            }
        }

        return b.Build(1);
    }

    private static void Group(StringBuilder text, string name, string mode, int priority, Func<int, string> when, Func<int, string> then)
    {
        text.Append(CultureInfo.InvariantCulture, $$"""{ "name": "{{name}}", "mode": "{{mode}}", "priority": {{priority}}, "rules": [""");
        for (var i = 0; i < 10; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $$"""{ "name": "r{{i}}", "priority": {{i}}, "when": {{when(i)}}, "then": [ {{then(i)}} ] }""");
        }

        text.Append("] }");
    }

    /// <summary>Names and tags built once, as a hand-written version would have them as literals.</summary>
    private static class Names
    {
        public static readonly string[] TierValue = Make("tier-value/r");
        public static readonly string[][] TierValueTags = Tags("tv");
        public static readonly string[] ChannelCity = Make("channel-city/r");
        public static readonly string[][] ChannelCityTags = Tags("cc");
        public static readonly string[] Products = Make("products/r");
        public static readonly string[] Cards = Make("card-");
        public static readonly string[] Notes = Make("notes/r");
        public static readonly string[][] NoteTags = Tags("note");
        public static readonly string[] TimeSpeed = Make("time-speed/r");
        public static readonly string[][] TimeSpeedTags = Tags("ts");

        private static string[] Make(string prefix) => [.. Enumerable.Range(0, 10).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];

        private static string[][] Tags(string prefix) => [.. Make(prefix).Select(t => new[] { t })];
    }
}
