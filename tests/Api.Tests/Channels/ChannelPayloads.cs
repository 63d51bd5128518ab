using System.Globalization;
using System.Text.Json.Nodes;

namespace OrderGrains.Api.Tests.Channels;

/// <summary>One order of the demo network written in each channel's own JSON shape.</summary>
public static class ChannelPayloads
{
    /// <summary>The marketplace's nested shape: buyer, items with prices in cents, shipping with geo, letter speed codes.</summary>
    public static JsonObject Marketplace(ApiHost host, string orderNo, int customer, int[] skus, int quantity = 2, string speedCode = "EXP", bool gift = true)
    {
        var c = host.Network.Customers[customer];
        var a = c.Addresses[0];
        return new JsonObject
        {
            ["orderNo"] = orderNo,
            ["platform"] = "marketplace-v3",
            ["buyer"] = new JsonObject { ["id"] = c.CustomerId, ["nick"] = "shopper", ["level"] = 7 },
            ["items"] = new JsonArray([.. skus.Select(i => (JsonNode)new JsonObject
            {
                ["skuCode"] = host.Network.Skus[i].Sku,
                ["qty"] = quantity,
                ["priceCents"] = Cents(host.Network.Skus[i].Price),
                ["title"] = host.Network.Skus[i].Name,
                ["promo"] = new JsonArray("spring", "coupon"),
            })]),
            ["shipping"] = new JsonObject
            {
                ["recipient"] = a.Name,
                ["street"] = a.Line1,
                ["city"] = a.City,
                ["province"] = a.Region,
                ["zip"] = a.PostalCode,
                ["countryCode"] = a.Country,
                ["geo"] = new JsonObject { ["lat"] = a.Latitude, ["lng"] = a.Longitude, ["accuracy"] = "high" },
                ["mobile"] = a.Phone,
                ["method"] = speedCode,
            },
            ["gift"] = new JsonObject { ["wrapped"] = gift, ["card"] = "Happy birthday" },
            ["buyerMessage"] = "Leave at the door",
        };
    }

    /// <summary>The point-of-sale system's flat snake_case shape: decimal prices, counts as strings, numeric speed codes.</summary>
    public static JsonObject Pos(ApiHost host, string receiptNo, int customer, int[] skus, int quantity = 2, int speedCode = 2, bool gift = true)
    {
        var c = host.Network.Customers[customer];
        var a = c.Addresses[0];
        return new JsonObject
        {
            ["receipt_no"] = receiptNo,
            ["store_id"] = 42,
            ["till"] = "T3",
            ["member_no"] = c.CustomerId,
            ["basket"] = new JsonArray([.. skus.Select(i => (JsonNode)new JsonObject
            {
                ["item"] = host.Network.Skus[i].Sku,
                ["count"] = quantity.ToString(CultureInfo.InvariantCulture),
                ["price"] = host.Network.Skus[i].Price,
                ["barcode"] = "6901234567890",
            })]),
            ["ship_name"] = a.Name,
            ["ship_addr"] = a.Line1,
            ["ship_city"] = a.City,
            ["ship_state"] = a.Region,
            ["ship_postcode"] = a.PostalCode,
            ["ship_country"] = a.Country,
            ["ship_lat"] = a.Latitude,
            ["ship_lon"] = a.Longitude,
            ["ship_tel"] = a.Phone,
            ["is_gift"] = gift ? "Y" : "N",
            ["delivery"] = speedCode,
            ["remark"] = "Leave at the door",
        };
    }

    private static long Cents(decimal price) =>
        decimal.Round(price, 2) == price ? (long)(price * 100) : throw new InvalidOperationException($"{price} has more than 2 decimals.");
}
