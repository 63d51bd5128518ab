using System.Text.Json.Serialization;

namespace OrderGrains.Interfaces.Rules;

/// <summary>A condition over an order's facts; the JSON property <c>type</c> names the kind.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(AllCondition), "all")]
[JsonDerivedType(typeof(AnyCondition), "any")]
[JsonDerivedType(typeof(NotCondition), "not")]
[JsonDerivedType(typeof(AlwaysCondition), "always")]
[JsonDerivedType(typeof(CustomerTierCondition), "customerTier")]
[JsonDerivedType(typeof(CustomerHistoryCondition), "customerHistory")]
[JsonDerivedType(typeof(CustomerPreferenceCondition), "customerPreference")]
[JsonDerivedType(typeof(ChannelCondition), "channel")]
[JsonDerivedType(typeof(DestinationCondition), "destination")]
[JsonDerivedType(typeof(OrderValueCondition), "orderValue")]
[JsonDerivedType(typeof(OrderSizeCondition), "orderSize")]
[JsonDerivedType(typeof(GiftCondition), "gift")]
[JsonDerivedType(typeof(SpeedCondition), "speed")]
[JsonDerivedType(typeof(ProductCondition), "product")]
[JsonDerivedType(typeof(TimeCondition), "time")]
[JsonDerivedType(typeof(NoteCondition), "note")]
[JsonDerivedType(typeof(StockCondition), "stock")]
[JsonDerivedType(typeof(WarehouseCondition), "warehouse")]
public abstract record RuleCondition;

/// <summary>Every inner condition holds.</summary>
public sealed record AllCondition(IReadOnlyList<RuleCondition> Conditions) : RuleCondition;

/// <summary>At least one inner condition holds.</summary>
public sealed record AnyCondition(IReadOnlyList<RuleCondition> Conditions) : RuleCondition;

/// <summary>The inner condition does not hold.</summary>
public sealed record NotCondition(RuleCondition Condition) : RuleCondition;

/// <summary>Always holds (a default rule at the end of a first-match group).</summary>
public sealed record AlwaysCondition : RuleCondition;

/// <summary>The customer's tier is at least <paramref name="AtLeast"/> and/or one of <paramref name="In"/>.</summary>
public sealed record CustomerTierCondition(CustomerTier? AtLeast = null, IReadOnlyList<CustomerTier>? In = null) : RuleCondition;

/// <summary>The customer's history: order count, return rate (returns per order), late deliveries.</summary>
public sealed record CustomerHistoryCondition(
    int? MinOrders = null,
    int? MaxOrders = null,
    double? MinReturnRate = null,
    double? MaxReturnRate = null,
    int? MinLateDeliveries = null) : RuleCondition;

/// <summary>The customer's preferences: accepts split shipments, preferred speed.</summary>
public sealed record CustomerPreferenceCondition(bool? AcceptsSplit = null, ShippingSpeed? PreferredSpeed = null) : RuleCondition;

/// <summary>The order came through one of these channels (case-insensitive).</summary>
public sealed record ChannelCondition(IReadOnlyList<string> In) : RuleCondition;

/// <summary>The destination is in one of the countries, regions, cities or postal-code prefixes given (each list that is present must match; case-insensitive).</summary>
public sealed record DestinationCondition(
    IReadOnlyList<string>? Countries = null,
    IReadOnlyList<string>? Regions = null,
    IReadOnlyList<string>? Cities = null,
    IReadOnlyList<string>? PostalPrefixes = null) : RuleCondition;

/// <summary>The order's total (unit price × quantity over active lines) is within [min, max].</summary>
public sealed record OrderValueCondition(decimal? Min = null, decimal? Max = null) : RuleCondition;

/// <summary>Units and line counts within bounds.</summary>
public sealed record OrderSizeCondition(int? MinUnits = null, int? MaxUnits = null, int? MinLines = null, int? MaxLines = null) : RuleCondition;

/// <summary>The order is (or is not) a gift: the order is marked a gift or any of its lines is.</summary>
public sealed record GiftCondition(bool IsGift = true) : RuleCondition;

/// <summary>The requested shipping speed is one of these.</summary>
public sealed record SpeedCondition(IReadOnlyList<ShippingSpeed> In) : RuleCondition;

/// <summary>
/// Some line holds a product of the given SKUs, SKU prefixes or named product set (case-insensitive), with at least
/// <paramref name="MinQuantity"/> units on that line.
/// </summary>
public sealed record ProductCondition(
    IReadOnlyList<string>? Skus = null,
    IReadOnlyList<string>? SkuPrefixes = null,
    string? Set = null,
    int MinQuantity = 1) : RuleCondition;

/// <summary>
/// The order time in the rule set's time zone: day of week, hour in [fromHour, toHour) (wrapping midnight when from &gt; to),
/// and the peak flag (inside one of the rule set's peak periods).
/// </summary>
public sealed record TimeCondition(IReadOnlyList<DayOfWeek>? Days = null, int? FromHour = null, int? ToHour = null, bool? Peak = null) : RuleCondition;

/// <summary>
/// The buyer's free-text note contains one of the keywords, ignoring case and width (NFKC and case folding on both
/// sides): "URGENT", "ｕｒｇｅｎｔ" and "urgent" match alike, as do Chinese keywords such as 急发 or 生日礼物.
/// </summary>
public sealed record NoteCondition(IReadOnlyList<string> Keywords) : RuleCondition;

/// <summary>
/// Stock facts of some line's SKU, over all warehouses: at most <paramref name="MaxAvailable"/> units available,
/// nothing available above safety stock while some is on hand (<paramref name="BelowSafety"/>), and no inbound stock
/// expected within <paramref name="NoInboundWithinDays"/> days. Every given field must hold for the same SKU.
/// </summary>
public sealed record StockCondition(int? MaxAvailable = null, bool? BelowSafety = null, int? NoInboundWithinDays = null) : RuleCondition;

/// <summary>
/// A warehouse fact: the warehouse (or, without an id, any warehouse) has one of the statuses and/or at least the
/// given saturation (backlog / daily capacity).
/// </summary>
public sealed record WarehouseCondition(string? WarehouseId = null, IReadOnlyList<WarehouseStatus>? Status = null, double? MinSaturation = null) : RuleCondition;
