namespace OrderGrains.Interfaces.Customers;

/// <summary>What a customer prefers.</summary>
public sealed record CustomerPreferences(bool AcceptsSplitShipments = true, ShippingSpeed PreferredSpeed = ShippingSpeed.Standard);

/// <summary>A customer's counters.</summary>
public sealed record CustomerHistory(int Orders, int Returns, int LateDeliveries, int Cancellations)
{
    /// <summary>Returns per order.</summary>
    public double ReturnRate => Orders == 0 ? 0 : (double)Returns / Orders;
}

/// <summary>A customer profile.</summary>
public sealed record CustomerProfile(
    string CustomerId,
    string Name,
    CustomerTier Tier,
    CustomerPreferences Preferences,
    IReadOnlyList<Address> Addresses,
    CustomerHistory History);

/// <summary>What the customer policy decides for a new order that looks like a recent one.</summary>
public enum DuplicatePolicy
{
    /// <summary>Hold the new order until the customer confirms it.</summary>
    HoldForConfirmation,

    /// <summary>Merge it into the earlier order.</summary>
    Merge,
}

/// <summary>Identity of an order for duplicate detection: same customer, same items and address within a window.</summary>
public sealed record OrderFingerprint(string OrderId, string ItemsKey, string AddressKey, bool IsGift, DateTimeOffset PlacedAt);

/// <summary>Result of registering an order with its customer.</summary>
/// <param name="IsDuplicate">A near-identical order was placed within the window.</param>
/// <param name="DuplicateOf">The earlier order.</param>
/// <param name="Policy">What to do about it.</param>
public sealed record DuplicateCheck(bool IsDuplicate, string? DuplicateOf, DuplicatePolicy Policy);

/// <summary>An order registered with its customer: the customer as it was before the order, and the duplicate check.</summary>
public sealed record OrderRegistration(CustomerProfile Profile, DuplicateCheck Duplicate);

/// <summary>Categories of return reasons.</summary>
public enum ReturnReasonCategory
{
    SizeOrFit,
    Damaged,
    NotAsDescribed,
    ChangedMind,
    Other,
}

/// <summary>How a return request is handled.</summary>
public enum ReturnDecisionKind
{
    AutoApproved,
    ManualReview,
    Rejected,
}

/// <summary>The return policy's decision.</summary>
public sealed record ReturnDecision(ReturnDecisionKind Kind, ReturnReasonCategory Category, bool PickupOffered, string Explanation);
