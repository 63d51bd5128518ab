namespace OrderGrains.ClientApi.Apis;

/// <summary>Checks a quote before any grain is touched.</summary>
internal static class PromiseValidator
{
    public const double MinConfidence = 0.5;
    public const double MaxConfidence = 0.999;

    public static void Quote(ApiValidationErrors errors, QuoteRequestBody? request)
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return;
        }

        if (request.Lines is null || request.Lines.Count == 0)
        {
            errors.Add("lines", "At least one line is required.");
        }
        else if (request.Lines.Count > OrderValidator.MaxLines)
        {
            errors.Add("lines", $"At most {OrderValidator.MaxLines} lines are accepted.");
        }
        else
        {
            for (var i = 0; i < request.Lines.Count; i++)
            {
                Line(errors, $"lines[{i}]", request.Lines[i]);
            }
        }

        Destination(errors, request.Destination);
        if (request.Speed is { } speed && !Enum.IsDefined(speed))
        {
            errors.Add("speed", "Unknown shipping speed.");
        }

        if (request.Confidence is { } confidence && (double.IsNaN(confidence) || confidence is < MinConfidence or > MaxConfidence))
        {
            errors.Add("confidence", $"Confidence must be between {MinConfidence} and {MaxConfidence}.");
        }
    }

    private static void Line(ApiValidationErrors errors, string path, QuoteLineRequest? line)
    {
        if (line is null)
        {
            errors.Add(path, "A line cannot be null.");
            return;
        }

        errors.RequireId($"{path}.sku", line.Sku);
        if (line.Quantity is < 1 or > OrderValidator.MaxQuantity)
        {
            errors.Add($"{path}.quantity", $"Quantity must be between 1 and {OrderValidator.MaxQuantity}.");
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

    private static void Destination(ApiValidationErrors errors, QuoteDestinationRequest? destination)
    {
        const string path = "destination";
        if (destination is null)
        {
            errors.Add(path, "A destination is required.");
            return;
        }

        errors.RequireText($"{path}.city", destination.City);
        errors.RequireText($"{path}.region", destination.Region);
        errors.RequireText($"{path}.postalCode", destination.PostalCode);
        if (destination.Country is null || destination.Country.Trim().Length != 2 || !destination.Country.Trim().All(char.IsAsciiLetter))
        {
            errors.Add($"{path}.country", "Country must be an ISO 3166 two-letter code.");
        }

        if (destination.Latitude is not { } latitude || double.IsNaN(latitude) || latitude is < -90 or > 90)
        {
            errors.Add($"{path}.latitude", "Required: between -90 and 90.");
        }

        if (destination.Longitude is not { } longitude || double.IsNaN(longitude) || longitude is < -180 or > 180)
        {
            errors.Add($"{path}.longitude", "Required: between -180 and 180.");
        }
    }
}
