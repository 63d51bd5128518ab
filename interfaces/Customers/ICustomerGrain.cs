namespace OrderGrains.Interfaces.Customers;

/// <summary>A customer (<c>customer/{id}</c>): tier, preferences, addresses, history, duplicate-order detection and return policy.</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<CustomerProfile> GetProfile();

    /// <summary>Creates or updates name, tier, preferences and addresses (history is kept).</summary>
    Task<CustomerProfile> Upsert(string name, CustomerTier tier, CustomerPreferences preferences, IReadOnlyList<Address> addresses);

    /// <summary>Registers a new order and reports whether it duplicates a recent one (never for gifts). Idempotent per order id.</summary>
    Task<DuplicateCheck> RegisterOrder(OrderFingerprint fingerprint);

    /// <summary>
    /// <see cref="GetProfile"/> then <see cref="RegisterOrder"/> in one call: what placing an order needs from its
    /// customer (the profile as it was before this order, so rules on order history count earlier orders only).
    /// Idempotent per order id.
    /// </summary>
    Task<OrderRegistration> BeginOrder(OrderFingerprint fingerprint);

    Task RecordCancellation(string orderId);

    Task RecordDelivery(string orderId, bool late);

    /// <summary>Classifies the reason and applies the tier/history policy; counts the return.</summary>
    Task<ReturnDecision> DecideReturn(string orderId, string reasonText, decimal value);
}
