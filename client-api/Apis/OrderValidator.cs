
namespace OrderGrains.ClientApi.Apis;

/// <summary>Checks a request's shape before any grain is touched; returns the invalid fields with their messages.</summary>
internal static class OrderValidator
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 10_000;
    public const int MaxText = 200;
    public const int MaxNote = 1_000;
    public const decimal MaxUnitPrice = 1_000_000m;

    public static Dictionary<string, string[]> Validate(PlaceOrderRequest? request)
    {
        var errors = new ApiValidationErrors();
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return errors.ToDictionary();
        }

        errors.RequireId("customerId", request.CustomerId);
        if (request.Channel is not null)
        {
            errors.RequireId("channel", request.Channel);
        }

        if (request.Lines is null || request.Lines.Count == 0)
        {
            errors.Add("lines", "At least one line is required.");
        }
        else if (request.Lines.Count > MaxLines)
        {
            errors.Add("lines", $"At most {MaxLines} lines are accepted.");
        }
        else
        {
            for (var i = 0; i < request.Lines.Count; i++)
            {
                ValidateLine(errors, $"lines[{i}]", request.Lines[i]);
            }
        }

        ValidateAddress(errors, "shipTo", request.ShipTo);
        if (request.Note is { Length: > MaxNote })
        {
            errors.Add("note", $"At most {MaxNote} characters.");
        }

        if (!Enum.IsDefined(request.Speed))
        {
            errors.Add("speed", "Unknown shipping speed.");
        }

        return errors.ToDictionary();
    }

    public static void ValidateLine(ApiValidationErrors errors, string path, OrderLineRequest? line)
    {
        if (line is null)
        {
            errors.Add(path, "A line cannot be null.");
            return;
        }

        errors.RequireId($"{path}.sku", line.Sku);
        if (line.Quantity is < 1 or > MaxQuantity)
        {
            errors.Add($"{path}.quantity", $"Quantity must be between 1 and {MaxQuantity}.");
        }

        if (line.UnitPrice is < 0 or > MaxUnitPrice || decimal.Round(line.UnitPrice, 4) != line.UnitPrice)
        {
            errors.Add($"{path}.unitPrice", $"Unit price must be between 0 and {MaxUnitPrice} with at most 4 decimals.");
        }

        if (line.WeightKg is { } weight && (double.IsNaN(weight) || weight is <= 0 or > 1_000))
        {
            errors.Add($"{path}.weightKg", "Weight must be above 0 and at most 1000 kg.");
        }

        if (line.ShipTogetherGroup is not null)
        {
            errors.RequireId($"{path}.shipTogetherGroup", line.ShipTogetherGroup);
        }
    }

    public static void ValidateAddress(ApiValidationErrors errors, string path, AddressRequest? address)
    {
        if (address is null)
        {
            errors.Add(path, "An address is required.");
            return;
        }

        errors.RequireText($"{path}.name", address.Name);
        errors.RequireText($"{path}.line1", address.Line1);
        errors.RequireText($"{path}.city", address.City);
        errors.RequireText($"{path}.region", address.Region, required: false);
        errors.RequireText($"{path}.postalCode", address.PostalCode);
        if (address.Country is null || address.Country.Trim().Length != 2 || !address.Country.Trim().All(char.IsAsciiLetter))
        {
            errors.Add($"{path}.country", "Country must be an ISO 3166 two-letter code.");
        }

        if (double.IsNaN(address.Latitude) || address.Latitude is < -90 or > 90)
        {
            errors.Add($"{path}.latitude", "Latitude must be between -90 and 90.");
        }

        if (double.IsNaN(address.Longitude) || address.Longitude is < -180 or > 180)
        {
            errors.Add($"{path}.longitude", "Longitude must be between -180 and 180.");
        }

        if (address.Phone is { } phone && (phone.Length > 32 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            errors.Add($"{path}.phone", "Phone must be at most 32 characters of digits, spaces and + - ( ).");
        }
    }
}
