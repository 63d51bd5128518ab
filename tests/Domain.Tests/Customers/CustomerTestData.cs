using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Domain.Tests.Customers;

internal static class CustomerTestData
{
    public static Address Shanghai { get; } = new("Li Lei", "1 Century Ave", "Shanghai", "SH", "200120", "CN", 31.2304, 121.4737, "13800000000");

    public static Address Beijing { get; } = new("Han Meimei", "2 Chang'an Ave", "Beijing", "BJ", "100000", "CN", 39.9042, 116.4074);

    public static CustomerPreferences NoSplits { get; } = new(AcceptsSplitShipments: false, PreferredSpeed: ShippingSpeed.Express);

    public static OrderFingerprint Fingerprint(string orderId, DateTimeOffset placedAt, string items = "SKU-1x2", string? address = null, bool gift = false) =>
        new(orderId, items, address ?? Shanghai.Fingerprint, gift, placedAt);
}
