namespace OrderGrains.Api.Tests.Channels;

/// <summary>
/// A private host with two differently shaped channels: a marketplace with nested buyer, items (prices in cents) and
/// shipping objects and letter speed codes, and a point-of-sale system with flat snake_case fields and numeric codes.
/// </summary>
public sealed class ChannelTestHost : IAsyncLifetime
{
    public static readonly string[] Settings =
    [
        .. Channel("marketplace",
            ("OrderReference", "$.orderNo"),
            ("CustomerId", "$.buyer.id"),
            ("Lines", "$.items"),
            ("Line:Sku", "skuCode"),
            ("Line:Quantity", "qty"),
            ("Line:UnitPrice", "priceCents"),
            ("Line:UnitPriceScale", "2"),
            ("ShipTo:Name", "shipping.recipient"),
            ("ShipTo:Line1", "shipping.street"),
            ("ShipTo:City", "shipping.city"),
            ("ShipTo:Region", "shipping.province"),
            ("ShipTo:PostalCode", "shipping.zip"),
            ("ShipTo:Country", "shipping.countryCode"),
            ("ShipTo:Latitude", "shipping.geo.lat"),
            ("ShipTo:Longitude", "shipping.geo.lng"),
            ("ShipTo:Phone", "shipping.mobile"),
            ("IsGift", "gift.wrapped"),
            ("Speed", "shipping.method"),
            ("SpeedValues:STD", "standard"),
            ("SpeedValues:EXP", "express"),
            ("SpeedValues:NDA", "priority"),
            ("Note", "buyerMessage")),
        .. Channel("pos",
            ("OrderReference", "receipt_no"),
            ("CustomerId", "member_no"),
            ("Lines", "basket"),
            ("Line:Sku", "item"),
            ("Line:Quantity", "count"),
            ("Line:UnitPrice", "price"),
            ("ShipTo:Name", "ship_name"),
            ("ShipTo:Line1", "ship_addr"),
            ("ShipTo:City", "ship_city"),
            ("ShipTo:Region", "ship_state"),
            ("ShipTo:PostalCode", "ship_postcode"),
            ("ShipTo:Country", "ship_country"),
            ("ShipTo:Latitude", "ship_lat"),
            ("ShipTo:Longitude", "ship_lon"),
            ("ShipTo:Phone", "ship_tel"),
            ("IsGift", "is_gift"),
            ("Speed", "delivery"),
            ("SpeedValues:1", "standard"),
            ("SpeedValues:2", "express"),
            ("SpeedValues:3", "priority"),
            ("Note", "remark")),
    ];

    private ApiHost? _host;

    public ApiHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync([.. Settings, "--OrderGrains:Api:RateLimit:Enabled=false"]);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static IEnumerable<string> Channel(string id, params (string Key, string Value)[] settings) =>
        settings.Select(s => $"--OrderGrains:Api:Channels:{id}:{s.Key}={s.Value}");
}
