namespace OrderGrains.ClientApi.Channels;

/// <summary>A configured channel and where each of our order fields is read from in its payload.</summary>
/// <param name="ChannelId">The channel's id, as in <c>/api/v1/channels/{channelId}/orders</c>.</param>
/// <param name="Fields">Our field (e.g. <c>lines[].sku</c>) → the channel's JSON path (e.g. <c>$.items[].skuCode</c>).</param>
/// <param name="UnitPriceScale">Decimal places the channel's unit price is shifted by (2 for cents).</param>
/// <param name="SpeedValues">The channel's speed codes and the speed each means.</param>
public sealed record ChannelDescription(
    string ChannelId,
    IReadOnlyDictionary<string, string> Fields,
    int UnitPriceScale,
    IReadOnlyDictionary<string, string> SpeedValues);
