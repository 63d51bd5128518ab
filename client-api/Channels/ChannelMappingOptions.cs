namespace OrderGrains.ClientApi.Channels;

/// <summary>
/// How one channel system's order payload maps to ours (configuration <c>OrderGrains:Api:Channels:{channelId}</c>).
/// Every value is a JSON path into the channel's payload (<c>buyer.id</c>, <c>$.shipping.postcode</c>); line fields
/// are paths relative to one element of the <see cref="Lines"/> array.
/// </summary>
public sealed class ChannelMappingOptions
{
    /// <summary>The channel's own order reference: the idempotency key when the request has no Idempotency-Key header (optional).</summary>
    public string? OrderReference { get; set; }

    /// <summary>Path of the customer id (required).</summary>
    public string? CustomerId { get; set; }

    /// <summary>Path of the array of order lines (required).</summary>
    public string? Lines { get; set; }

    /// <summary>Paths of a line's fields, relative to one element of <see cref="Lines"/>.</summary>
    public ChannelLineMappingOptions Line { get; set; } = new();

    /// <summary>Paths of the delivery address fields.</summary>
    public ChannelAddressMappingOptions ShipTo { get; set; } = new();

    /// <summary>Path of the gift flag (optional; absent means not a gift).</summary>
    public string? IsGift { get; set; }

    /// <summary>Path of the shipping speed (optional; absent means standard).</summary>
    public string? Speed { get; set; }

    /// <summary>
    /// The channel's speed codes and the speed each means (<c>EXP</c> → <c>express</c>); matched ignoring case. Without
    /// a map the channel sends our names (<c>standard</c>, <c>express</c>, <c>priority</c>).
    /// </summary>
    public IDictionary<string, string> SpeedValues { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Path of the customer's note (optional).</summary>
    public string? Note { get; set; }
}

/// <summary>Paths of a line's fields in a channel's payload, relative to one line element.</summary>
public sealed class ChannelLineMappingOptions
{
    /// <summary>Path of the SKU (required).</summary>
    public string? Sku { get; set; }

    /// <summary>Path of the quantity (required).</summary>
    public string? Quantity { get; set; }

    /// <summary>Path of the unit price (required).</summary>
    public string? UnitPrice { get; set; }

    /// <summary>Decimal places the channel's price is shifted by: 2 when the channel sends cents (1999 → 19.99). 0-6, default 0.</summary>
    public int UnitPriceScale { get; set; }
}

/// <summary>Paths of the delivery address fields in a channel's payload.</summary>
public sealed class ChannelAddressMappingOptions
{
    /// <summary>Path of the recipient's name (required).</summary>
    public string? Name { get; set; }

    /// <summary>Path of the street line (required).</summary>
    public string? Line1 { get; set; }

    /// <summary>Path of the city (required).</summary>
    public string? City { get; set; }

    /// <summary>Path of the region or province (optional).</summary>
    public string? Region { get; set; }

    /// <summary>Path of the postal code (required).</summary>
    public string? PostalCode { get; set; }

    /// <summary>Path of the ISO 3166 two-letter country code (required).</summary>
    public string? Country { get; set; }

    /// <summary>Path of the latitude (required).</summary>
    public string? Latitude { get; set; }

    /// <summary>Path of the longitude (required).</summary>
    public string? Longitude { get; set; }

    /// <summary>Path of the phone number (optional).</summary>
    public string? Phone { get; set; }
}
