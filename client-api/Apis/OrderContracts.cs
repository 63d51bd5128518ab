using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>A line of a new order.</summary>
public sealed record OrderLineRequest(string Sku, int Quantity, decimal UnitPrice, string? ShipTogetherGroup = null, bool IsGift = false, double? WeightKg = null);

/// <summary>A delivery address as sent by clients.</summary>
public sealed record AddressRequest(
    string Name, string Line1, string City, string? Region, string PostalCode, string Country, double Latitude, double Longitude, string? Phone = null)
{
    /// <summary>The domain address.</summary>
    public Address ToAddress() => new(Name.Trim(), Line1.Trim(), City.Trim(), Region?.Trim() ?? string.Empty, PostalCode.Trim(), Country.Trim().ToUpperInvariant(), Latitude, Longitude, Phone?.Trim());
}

/// <summary>A new order. <c>Channel</c> may be omitted by a channel system (its own channel is used).</summary>
public sealed record PlaceOrderRequest(
    string CustomerId,
    IReadOnlyList<OrderLineRequest> Lines,
    AddressRequest ShipTo,
    string? Channel = null,
    bool IsGift = false,
    ShippingSpeed Speed = ShippingSpeed.Standard,
    string? Note = null);
