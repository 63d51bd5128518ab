using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Addresses of a customer as stored: trimmed, country upper-cased, an omitted region empty.</summary>
internal static class CustomerAddresses
{
    /// <summary>The domain address of a validated request (the region is optional, so it may be null here).</summary>
    public static Address From(AddressRequest address) => new(
        address.Name.Trim(),
        address.Line1.Trim(),
        address.City.Trim(),
        address.Region?.Trim() ?? string.Empty,
        address.PostalCode.Trim(),
        address.Country.Trim().ToUpperInvariant(),
        address.Latitude,
        address.Longitude,
        string.IsNullOrWhiteSpace(address.Phone) ? null : address.Phone.Trim());
}
