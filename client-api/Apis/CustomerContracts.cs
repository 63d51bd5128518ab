using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.ClientApi.Apis;

/// <summary>A customer's profile. For roles that do not need personal data, names, street lines, phones, postal codes and exact locations are masked.</summary>
/// <param name="CustomerId">Customer id.</param>
/// <param name="Name">Name (masked as "J*** D***" for such roles).</param>
/// <param name="Tier">Tier.</param>
/// <param name="Preferences">Split shipments and preferred speed.</param>
/// <param name="Addresses">Addresses (masked for such roles).</param>
/// <param name="History">Orders, returns, late deliveries and cancellations.</param>
/// <param name="PersonalDataMasked">True when personal data was masked for the caller.</param>
public sealed record CustomerResponse(
    string CustomerId,
    string Name,
    CustomerTier Tier,
    CustomerPreferences Preferences,
    IReadOnlyList<Address> Addresses,
    CustomerHistory History,
    bool PersonalDataMasked)
{
    /// <summary>The response for <paramref name="profile"/>, masked unless <paramref name="full"/>.</summary>
    public static CustomerResponse From(CustomerProfile profile, bool full)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return full
            ? new(profile.CustomerId, profile.Name, profile.Tier, profile.Preferences, profile.Addresses, profile.History, false)
            : new(profile.CustomerId, PiiMask.Name(profile.Name)!, profile.Tier, profile.Preferences,
                [.. profile.Addresses.Select(PiiMask.Address)], profile.History, true);
    }
}

/// <summary>A customer's preferences as sent by clients; omitted fields take the defaults (or, on the preferences endpoint, keep their current value).</summary>
/// <param name="AcceptsSplitShipments">False: one shipment or none.</param>
/// <param name="PreferredSpeed">standard, express or priority.</param>
public sealed record CustomerPreferencesRequest(bool? AcceptsSplitShipments = null, ShippingSpeed? PreferredSpeed = null)
{
    /// <summary>The preferences with omitted fields taken from <paramref name="current"/>.</summary>
    public CustomerPreferences Over(CustomerPreferences current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new(AcceptsSplitShipments ?? current.AcceptsSplitShipments, PreferredSpeed ?? current.PreferredSpeed);
    }
}

/// <summary>Creates or replaces a customer's profile (order history is kept).</summary>
/// <param name="Name">Full name, 1-200 characters.</param>
/// <param name="Tier">standard, silver, gold or vip.</param>
/// <param name="Preferences">Preferences; omitted: the defaults (accepts splits, standard speed).</param>
/// <param name="Addresses">Up to 10 complete addresses; omitted: none.</param>
public sealed record UpsertCustomerRequest(
    string? Name,
    CustomerTier? Tier,
    CustomerPreferencesRequest? Preferences = null,
    IReadOnlyList<AddressRequest>? Addresses = null);

/// <summary>A new tier.</summary>
/// <param name="Tier">standard, silver, gold or vip.</param>
public sealed record CustomerTierRequest(CustomerTier? Tier);
