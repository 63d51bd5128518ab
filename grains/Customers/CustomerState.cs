using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>Persistent state of <see cref="CustomerGrain"/>.</summary>
public sealed class CustomerState
{
    public string Name { get; set; } = string.Empty;

    public CustomerTier Tier { get; set; } = CustomerTier.Standard;

    public CustomerPreferences Preferences { get; set; } = new();

    public List<Address> Addresses { get; set; } = [];

    public int Orders { get; set; }

    public int Returns { get; set; }

    public int LateDeliveries { get; set; }

    public int Cancellations { get; set; }

    /// <summary>Orders placed within the duplicate window (older ones are pruned).</summary>
    public List<OrderFingerprint> RecentOrders { get; set; } = [];

    /// <summary>The answer given to each registered order, so a repeated registration gets the same answer and counts once.</summary>
    public Dictionary<string, DuplicateCheck> RegisteredOrders { get; set; } = [];

    /// <summary>Orders whose delivery was counted.</summary>
    public HashSet<string> DeliveredOrders { get; set; } = [];

    /// <summary>Orders whose cancellation was counted.</summary>
    public HashSet<string> CancelledOrders { get; set; } = [];

    /// <summary>The decision given to each returned order, so a repeated request gets the same decision and counts once.</summary>
    public Dictionary<string, ReturnDecision> ReturnedOrders { get; set; } = [];

    public CustomerHistory History => new(Orders, Returns, LateDeliveries, Cancellations);
}
