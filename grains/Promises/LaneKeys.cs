using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// The distribution keys a promise of one lane needs, most specific first, with their grain keys: transit (lane, region
/// + carrier, carrier), then processing (warehouse, all warehouses). Built once per lane (<see cref="PromiseCalculator.KeysFor"/>).
/// </summary>
public sealed record LaneKeys(IReadOnlyList<StageKey> Transit, IReadOnlyList<string> TransitNames, IReadOnlyList<StageKey> Processing, IReadOnlyList<string> ProcessingNames)
{
    /// <summary>The lane's own grain key, e.g. <c>transit|WH-SH|Beijing|SF Express|Express</c>.</summary>
    public string Lane => TransitNames[0];

    public static LaneKeys For(string warehouseId, string region, string carrier, ShippingSpeed service)
    {
        var transit = StageKey.Transit(warehouseId, region, carrier, service).WithFallbacks();
        var processing = StageKey.Processing(warehouseId).WithFallbacks();
        return new LaneKeys(transit, [.. transit.Select(k => k.ToString())], processing, [.. processing.Select(k => k.ToString())]);
    }
}
