using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderGrains.ClientApi.Apis;

namespace OrderGrains.Dashboard.Http;

/// <summary>
/// Masks personal data anywhere in a grain's state JSON by property name, the way the API masks it (<see cref="PiiMask"/>):
/// names and street lines to initials, phones to their last two digits, e-mails to their first letter and domain,
/// postal codes to their first two characters, coordinates to one decimal. Conservative: any property called "name"
/// is masked, a warehouse's as well as a customer's.
/// </summary>
internal static class PiiJsonMask
{
    private static readonly HashSet<string> s_names = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "fullName", "firstName", "lastName", "recipient", "contactName", "line1", "line2", "street", "addressLine",
    };

    private static readonly HashSet<string> s_phones = new(StringComparer.OrdinalIgnoreCase) { "phone", "phoneNumber", "mobile" };

    private static readonly HashSet<string> s_emails = new(StringComparer.OrdinalIgnoreCase) { "email", "emailAddress" };

    private static readonly HashSet<string> s_postalCodes = new(StringComparer.OrdinalIgnoreCase) { "postalCode", "zip", "zipCode", "postCode" };

    private static readonly HashSet<string> s_coordinates = new(StringComparer.OrdinalIgnoreCase) { "latitude", "longitude", "lat", "lon", "lng" };

    public static JsonNode? Mask(JsonElement element) => MaskElement(element, null);

    private static JsonNode? MaskElement(JsonElement element, string? property)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var member in element.EnumerateObject())
                {
                    obj[member.Name] = MaskElement(member.Value, member.Name);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(MaskElement(item, property));
                }

                return array;
            case JsonValueKind.String when property is not null:
                return JsonValue.Create(MaskText(element.GetString()!, property));
            case JsonValueKind.Number when property is not null && s_coordinates.Contains(property) && element.TryGetDouble(out var number):
                return JsonValue.Create(Math.Round(number, 1));
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }

    private static string MaskText(string text, string property) =>
        s_names.Contains(property) ? PiiMask.Name(text)!
        : s_phones.Contains(property) ? PiiMask.Phone(text)!
        : s_emails.Contains(property) ? Email(text)
        : s_postalCodes.Contains(property) ? PiiMask.PostalCode(text)
        : text;

    /// <summary>"jane.doe@example.com" → "j***@example.com"; text without '@' is masked whole.</summary>
    public static string Email(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : string.Concat(StringInfo.GetNextTextElement(value), "***", value.AsSpan(at));
    }
}
