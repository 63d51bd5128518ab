using System.Globalization;
using System.Security.Claims;
using System.Text;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// Masks personal data (names, phones, street lines, postal codes, exact locations) for callers and logs that do not
/// need it: enough stays to recognise a record ("J*** D***", a phone's last two digits, the city), not to contact or
/// locate the person.
/// </summary>
public static class PiiMask
{
    private const string Stars = "***";

    /// <summary>True when <paramref name="user"/> may see personal data in full (customer service and admins).</summary>
    public static bool SeesPersonalData(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(ApiRoles.CustomerService) || user.IsInRole(ApiRoles.Admin);
    }

    /// <summary>Each word reduced to its first letter and <c>***</c>: "Jane Doe" → "J*** D***". Null stays null.</summary>
    public static string? Name(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var masked = new StringBuilder(value.Length + 8);
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (masked.Length > 0)
            {
                masked.Append(' ');
            }

            // A whole text element, so a surrogate pair or combined character is never cut in half.
            masked.Append(StringInfo.GetNextTextElement(word)).Append(Stars);
        }

        return masked.ToString();
    }

    /// <summary>Every digit but the last two replaced by <c>*</c>, separators kept: "+86 138 0013 8000" → "+** *** **** **00".</summary>
    public static string? Phone(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var digits = value.Count(char.IsAsciiDigit);
        var seen = 0;
        var masked = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                seen++;
                masked.Append(seen > digits - 2 ? c : '*');
            }
            else
            {
                masked.Append(char.IsLetter(c) ? '*' : c);
            }
        }

        return masked.ToString();
    }

    /// <summary>The first two characters of a postal code, the rest <c>*</c>: "200001" → "20****".</summary>
    public static string PostalCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= 2 ? new string('*', value.Length) : string.Concat(value.AsSpan(0, 2), new string('*', value.Length - 2));
    }

    /// <summary>
    /// An address with the recipient, street line, phone and postal code masked and the location rounded to one decimal
    /// (about 10 km); city, region and country stay, so the record is still useful for routing questions.
    /// </summary>
    public static Address Address(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address with
        {
            Name = Name(address.Name)!,
            Line1 = Name(address.Line1)!,
            PostalCode = PostalCode(address.PostalCode),
            Latitude = Math.Round(address.Latitude, 1),
            Longitude = Math.Round(address.Longitude, 1),
            Phone = Phone(address.Phone),
        };
    }
}
