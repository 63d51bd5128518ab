using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Rules.RuleTestData;

namespace OrderGrains.Domain.Tests.Rules;

public sealed class RuleConditionTests
{
    [Fact]
    public void Customer_tier_at_least_and_in()
    {
        Assert.True(Matches("""{ "type": "customerTier", "atLeast": "gold" }""", Facts(CustomerTier.Vip)));
        Assert.False(Matches("""{ "type": "customerTier", "atLeast": "gold" }""", Facts(CustomerTier.Silver)));
        Assert.True(Matches("""{ "type": "customerTier", "in": ["silver", "vip"] }""", Facts(CustomerTier.Silver)));
        Assert.False(Matches("""{ "type": "customerTier", "in": ["silver", "vip"] }""", Facts(CustomerTier.Gold)));
    }

    [Fact]
    public void Customer_history_bounds()
    {
        var loyal = Facts(history: new CustomerHistory(20, 1, 3, 0));
        Assert.True(Matches("""{ "type": "customerHistory", "minOrders": 10, "maxReturnRate": 0.1 }""", loyal));
        Assert.False(Matches("""{ "type": "customerHistory", "minOrders": 21 }""", loyal));
        Assert.True(Matches("""{ "type": "customerHistory", "minLateDeliveries": 3 }""", loyal));
        Assert.False(Matches("""{ "type": "customerHistory", "minReturnRate": 0.5 }""", loyal));
    }

    [Fact]
    public void Customer_preferences()
    {
        Assert.True(Matches("""{ "type": "customerPreference", "acceptsSplit": false }""", Facts(acceptsSplit: false)));
        Assert.False(Matches("""{ "type": "customerPreference", "acceptsSplit": false }""", Facts()));
        Assert.True(Matches("""{ "type": "customerPreference", "preferredSpeed": "standard" }""", Facts()));
    }

    [Fact]
    public void Channel_matches_case_insensitively()
    {
        Assert.True(Matches("""{ "type": "channel", "in": ["Marketplace", "app"] }""", Facts(channel: "marketplace")));
        Assert.False(Matches("""{ "type": "channel", "in": ["app"] }""", Facts(channel: "web")));
    }

    [Fact]
    public void Destination_lists_must_all_match()
    {
        Assert.True(Matches("""{ "type": "destination", "countries": ["cn"], "cities": ["shanghai"] }""", Facts()));
        Assert.False(Matches("""{ "type": "destination", "countries": ["cn"], "cities": ["beijing"] }""", Facts()));
        Assert.True(Matches("""{ "type": "destination", "postalPrefixes": ["20"] }""", Facts(postalCode: "201100")));
        Assert.False(Matches("""{ "type": "destination", "postalPrefixes": ["10"] }""", Facts(postalCode: "201100")));
    }

    [Fact]
    public void Order_value_and_size()
    {
        var big = Facts(lines: [("A", 2, 300m), ("B", 1, 50m)]);
        Assert.True(Matches("""{ "type": "orderValue", "min": 650 }""", big));
        Assert.False(Matches("""{ "type": "orderValue", "max": 649.99 }""", big));
        Assert.True(Matches("""{ "type": "orderSize", "minUnits": 3, "maxLines": 2 }""", big));
        Assert.False(Matches("""{ "type": "orderSize", "minLines": 3 }""", big));
    }

    [Fact]
    public void Gift_and_speed()
    {
        Assert.True(Matches("""{ "type": "gift" }""", Facts(gift: true)));
        Assert.False(Matches("""{ "type": "gift" }""", Facts()));
        Assert.True(Matches("""{ "type": "gift", "isGift": false }""", Facts()));
        Assert.True(Matches("""{ "type": "speed", "in": ["express", "priority"] }""", Facts(speed: ShippingSpeed.Express)));
        Assert.False(Matches("""{ "type": "speed", "in": ["express"] }""", Facts()));
    }

    [Fact]
    public void Product_by_sku_prefix_set_and_quantity()
    {
        var formula = Facts(lines: [("IF-STAGE1", 2, 199m), ("TOY-1", 1, 20m)]);
        var sets = """, "productSets": { "infant-formula": { "skuPrefixes": ["if-"] } }""";
        Assert.True(Matches("""{ "type": "product", "set": "infant-formula" }""", formula, sets));
        Assert.True(Matches("""{ "type": "product", "skus": ["toy-1"] }""", formula));
        Assert.False(Matches("""{ "type": "product", "skuPrefixes": ["IF-"], "minQuantity": 3 }""", formula));
        Assert.False(Matches("""{ "type": "product", "skus": ["TOY-2"] }""", formula));
    }

    [Fact]
    public void Time_day_hour_window_time_zone_and_peak()
    {
        // Monday 10:00 UTC is Monday 18:00 in Shanghai.
        var facts = Facts(now: Monday10Utc);
        Assert.True(Matches("""{ "type": "time", "days": ["monday"], "fromHour": 9, "toHour": 12 }""", facts));
        Assert.False(Matches("""{ "type": "time", "days": ["monday"], "fromHour": 9, "toHour": 12 }""", facts, """, "timeZone": "Asia/Shanghai" """));
        Assert.True(Matches("""{ "type": "time", "fromHour": 17, "toHour": 19 }""", facts, """, "timeZone": "Asia/Shanghai" """));
        Assert.True(Matches("""{ "type": "time", "fromHour": 22, "toHour": 11 }""", facts));
        Assert.False(Matches("""{ "type": "time", "days": ["saturday", "sunday"] }""", facts));
        var peak = """, "peakPeriods": [ { "from": "2026-03-02T00:00:00Z", "until": "2026-03-03T00:00:00Z", "name": "sale" } ]""";
        Assert.True(Matches("""{ "type": "time", "peak": true }""", facts, peak));
        Assert.False(Matches("""{ "type": "time", "peak": true }""", Facts(now: Monday10Utc.AddDays(1)), peak));
    }

    [Theory]
    [InlineData("URGENT please", true)]
    [InlineData("ｕｒｇｅｎｔ！", true)]
    [InlineData("请急发，谢谢", true)]
    [InlineData("这是生日礼物", true)]
    [InlineData("It's a Birthday Gift", true)]
    [InlineData("ＢＩＲＴＨＤＡＹ　ＧＩＦＴ", true)]
    [InlineData("no rush", false)]
    [InlineData(null, false)]
    public void Note_keywords_match_ignoring_case_and_width_in_chinese_and_english(string? note, bool expected)
    {
        var when = """{ "type": "note", "keywords": ["urgent", "birthday gift", "急发", "生日礼物"] }""";
        Assert.Equal(expected, Matches(when, Facts(note: note)));
    }

    [Fact]
    public void Stock_below_safety_with_no_inbound_for_seven_days()
    {
        var today = DateOnly.FromDateTime(Monday10Utc.UtcDateTime);
        var lines = new[] { ("SKU-LOW", 1, 10m) };
        var when = """{ "type": "stock", "belowSafety": true, "noInboundWithinDays": 7 }""";
        Assert.True(Matches(when, Facts(lines: lines, stock: Stock(("SKU-LOW", 0, 5, null)))));
        Assert.True(Matches(when, Facts(lines: lines, stock: Stock(("SKU-LOW", 0, 5, today.AddDays(9))))));
        Assert.False(Matches(when, Facts(lines: lines, stock: Stock(("SKU-LOW", 0, 5, today.AddDays(3))))));
        Assert.False(Matches(when, Facts(lines: lines, stock: Stock(("SKU-LOW", 4, 9, null)))));
        Assert.True(Matches("""{ "type": "stock", "maxAvailable": 5 }""", Facts(lines: lines, stock: Stock(("SKU-LOW", 4, 9, null)))));

        // The compiled set says it needs stock facts; without them the condition is false.
        Assert.True(Compile(OneRule(when, """{ "type": "priority", "level": 1 }""")).NeedsStock);
        Assert.False(Matches(when, Facts(lines: lines)));

        static Dictionary<string, StockFact> Stock((string Sku, int Available, int OnHand, DateOnly? Inbound) s) =>
            RuleFacts.StockOf(new Dictionary<string, IReadOnlyList<SkuAvailability>>
            {
                [s.Sku] = [new SkuAvailability("WH-1", s.Available, s.OnHand, s.Inbound is { } d ? new InboundStock(d, 100) : null, Monday10Utc)],
            });
    }

    [Fact]
    public void Warehouse_status_and_saturation()
    {
        var profile = new WarehouseProfile("WH-SH", "Shanghai", "Shanghai", "CN", new GeoPoint(31, 121), 100, new TimeOnly(16, 0), "UTC", []);
        var offline = Facts(warehouses: [new WarehouseSnapshot(profile, WarehouseStatus.Offline, "flood", 90, 0)]);
        Assert.True(Matches("""{ "type": "warehouse", "warehouseId": "WH-SH", "status": ["offline"] }""", offline));
        Assert.False(Matches("""{ "type": "warehouse", "warehouseId": "WH-BJ", "status": ["offline"] }""", offline));
        Assert.True(Matches("""{ "type": "warehouse", "minSaturation": 0.9 }""", offline));
        Assert.False(Matches("""{ "type": "warehouse", "minSaturation": 0.95 }""", offline));
        Assert.True(Compile(OneRule("""{ "type": "warehouse", "minSaturation": 0.9 }""", """{ "type": "priority", "level": 1 }""")).NeedsWarehouses);
    }

    [Fact]
    public void All_any_not_and_always_combine()
    {
        var vipGift = Facts(CustomerTier.Vip, gift: true);
        Assert.True(Matches("""{ "type": "all", "conditions": [ { "type": "gift" }, { "type": "customerTier", "atLeast": "vip" } ] }""", vipGift));
        Assert.False(Matches("""{ "type": "all", "conditions": [ { "type": "gift" }, { "type": "channel", "in": ["app"] } ] }""", vipGift));
        Assert.True(Matches("""{ "type": "any", "conditions": [ { "type": "channel", "in": ["app"] }, { "type": "gift" } ] }""", vipGift));
        Assert.False(Matches("""{ "type": "not", "condition": { "type": "gift" } }""", vipGift));
        Assert.True(Matches("""{ "type": "always" }""", vipGift));
    }
}
