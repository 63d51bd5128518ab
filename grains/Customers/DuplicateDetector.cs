using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>Finds the earlier order a new order nearly duplicates: same items and address within the window, neither a gift.</summary>
public static class DuplicateDetector
{
    /// <summary>The earliest matching order among <paramref name="recent"/>, or null.</summary>
    public static OrderFingerprint? FindEarlier(IEnumerable<OrderFingerprint> recent, OrderFingerprint candidate, TimeSpan window)
    {
        if (candidate.IsGift)
        {
            return null;
        }

        return recent
            .Where(r => r.OrderId != candidate.OrderId
                && !r.IsGift
                && string.Equals(r.ItemsKey, candidate.ItemsKey, StringComparison.Ordinal)
                && string.Equals(r.AddressKey, candidate.AddressKey, StringComparison.Ordinal)
                && (candidate.PlacedAt - r.PlacedAt).Duration() <= window)
            .OrderBy(r => r.PlacedAt)
            .FirstOrDefault();
    }
}
