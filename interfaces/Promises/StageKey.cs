namespace OrderGrains.Interfaces.Promises;

/// <summary>Which part of a shipment's journey a distribution describes.</summary>
public enum PromiseStage
{
    /// <summary>Pick and pack at the warehouse, once the shipment's turn has come (keyed by warehouse).</summary>
    Processing,

    /// <summary>Carrier transit from the hand-over to the delivery (keyed by lane).</summary>
    Transit,
}

/// <summary>How specific the data a distribution rests on is, most specific first.</summary>
public enum FallbackLevel
{
    /// <summary>This exact lane (origin, destination region, carrier, service) or warehouse.</summary>
    Lane,

    /// <summary>Every origin to the destination region with this carrier and service.</summary>
    RegionCarrier,

    /// <summary>Every lane of this carrier and service.</summary>
    Carrier,

    /// <summary>Reference data only (the carrier lane table, the default processing profile).</summary>
    Prior,
}

/// <summary>
/// Key of a learned stage distribution (<c>promise-lane/{key}</c>): a stage, an origin warehouse, a destination region,
/// a carrier and a service level; <c>*</c> stands for "any" at the coarser levels of the hierarchy.
/// </summary>
public sealed record StageKey(PromiseStage Stage, string Origin, string Region, string Carrier, ShippingSpeed Service)
{
    /// <summary>Stands for any value at a coarser level.</summary>
    public const string Any = "*";

    private const char Separator = '|';

    /// <summary>The transit lane from <paramref name="origin"/> to <paramref name="region"/>.</summary>
    public static StageKey Transit(string origin, string region, string carrier, ShippingSpeed service) =>
        new(PromiseStage.Transit, Clean(origin), Clean(region), Clean(carrier), service);

    /// <summary>Pick and pack at <paramref name="warehouseId"/>.</summary>
    public static StageKey Processing(string warehouseId) =>
        new(PromiseStage.Processing, Clean(warehouseId), Any, Any, ShippingSpeed.Standard);

    /// <summary>How specific this key is.</summary>
    public FallbackLevel Level => Stage == PromiseStage.Processing
        ? (Origin == Any ? FallbackLevel.Carrier : FallbackLevel.Lane)
        : Origin != Any ? FallbackLevel.Lane : Region != Any ? FallbackLevel.RegionCarrier : FallbackLevel.Carrier;

    /// <summary>This key and its coarser levels, most specific first (transit: lane, region+carrier, carrier; processing: warehouse, all warehouses).</summary>
    public IReadOnlyList<StageKey> WithFallbacks() => Stage == PromiseStage.Processing
        ? Origin == Any ? [this] : [this, this with { Origin = Any }]
        : Level switch
        {
            FallbackLevel.Lane => [this, this with { Origin = Any }, this with { Origin = Any, Region = Any }],
            FallbackLevel.RegionCarrier => [this, this with { Region = Any }],
            _ => [this],
        };

    /// <summary>The grain key, e.g. <c>transit|WH-SH|Beijing|SF Express|Express</c>.</summary>
    public override string ToString() =>
        string.Join(Separator, Stage == PromiseStage.Transit ? "transit" : "processing", Origin, Region, Carrier, Service.ToString());

    /// <summary>Parses a grain key made by <see cref="ToString"/>.</summary>
    public static StageKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(Separator);
        if (parts.Length != 5 || !Enum.TryParse<ShippingSpeed>(parts[4], out var service) || parts[1].Length == 0)
        {
            throw new DomainException("promise.invalid-key", $"'{key}' is not a stage key (stage|origin|region|carrier|service).");
        }

        var stage = parts[0] switch
        {
            "transit" => PromiseStage.Transit,
            "processing" => PromiseStage.Processing,
            _ => throw new DomainException("promise.invalid-key", $"'{key}' names an unknown stage '{parts[0]}'."),
        };
        return new StageKey(stage, parts[1], parts[2], parts[3], service);
    }

    private static string Clean(string value) =>
        string.IsNullOrWhiteSpace(value) ? Any : value.Trim().Replace(Separator, '/');
}
