using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>The fallback level's name for people.</summary>
internal static class FallbackLevelNames
{
    public static string Describe(this FallbackLevel level) => level switch
    {
        FallbackLevel.Lane => "lane",
        FallbackLevel.RegionCarrier => "region and carrier",
        FallbackLevel.Carrier => "carrier",
        _ => "reference data",
    };
}
