using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// The grain keys of the distributions a promise of one lane needs, most specific first: transit (lane, region +
/// carrier, carrier), then processing (warehouse, all warehouses). Built once per lane (<see cref="PromiseCalculator.KeysFor"/>).
/// </summary>
public sealed record LaneKeys(IReadOnlyList<string> TransitNames, IReadOnlyList<string> ProcessingNames)
{
    /// <summary>The lane's own grain key, e.g. <c>transit|WH-SH|Beijing|SF Express|Express</c>.</summary>
    public string Lane => TransitNames[0];

    public static LaneKeys For(string warehouseId, string region, string carrier, ShippingSpeed service) => new(
        [.. StageKey.Transit(warehouseId, region, carrier, service).WithFallbacks().Select(k => k.ToString())],
        [.. StageKey.Processing(warehouseId).WithFallbacks().Select(k => k.ToString())]);
}
