namespace OrderGrains.ClientApi.Apis;

/// <summary>Checks the bodies of order commands before any grain is touched; every problem names its field.</summary>
internal static class OrderCommandValidator
{
    public const int MaxReason = 1_000;
    public const int MaxCarrier = 64;

    // Carriers may report a little ahead of our clock; events from far in the future or the distant past are typos.
    private static readonly TimeSpan FutureSkew = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(365);

    public static void ValidateLines(ApiValidationErrors errors, ChangeLinesRequest? request)
    {
        if (!RequireBody(errors, request))
        {
            return;
        }

        if (request!.Changes is null || request.Changes.Count == 0)
        {
            errors.Add("changes", "At least one change is required.");
            return;
        }

        if (request.Changes.Count > OrderValidator.MaxLines)
        {
            errors.Add("changes", $"At most {OrderValidator.MaxLines} changes are accepted.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Changes.Count; i++)
        {
            var path = $"changes[{i}]";
            var change = request.Changes[i];
            if (change is null)
            {
                errors.Add(path, "A change cannot be null.");
                continue;
            }

            if (change.LineId is null)
            {
                // A new line: the same rules as a line of a new order.
                errors.RequireId($"{path}.sku", change.Sku);
                RequireQuantity(errors, $"{path}.quantity", change.Quantity, minimum: 1);
                if (change.UnitPrice is not { } price)
                {
                    errors.Add($"{path}.unitPrice", "A new line needs its unit price.");
                }
                else if (price is < 0 or > OrderValidator.MaxUnitPrice || decimal.Round(price, 4) != price)
                {
                    errors.Add($"{path}.unitPrice", $"Unit price must be between 0 and {OrderValidator.MaxUnitPrice} with at most 4 decimals.");
                }

                continue;
            }

            errors.RequireId($"{path}.lineId", change.LineId);
            if (!seen.Add(change.LineId))
            {
                errors.Add($"{path}.lineId", "Each line may be changed once per request.");
            }

            RequireQuantity(errors, $"{path}.quantity", change.Quantity, minimum: 0);
            if (change.Sku is not null)
            {
                errors.Add($"{path}.sku", "An existing line keeps its SKU: omit sku, or remove the line and add a new one.");
            }

            if (change.UnitPrice is not null)
            {
                errors.Add($"{path}.unitPrice", "An existing line keeps its price: omit unitPrice.");
            }
        }
    }

    public static void ValidateCancel(ApiValidationErrors errors, CancelOrderRequest? request)
    {
        if (!RequireBody(errors, request))
        {
            return;
        }

        errors.RequireText("reason", request!.Reason);
        if (request.LineIds is null)
        {
            return;
        }

        if (request.LineIds.Count is 0 or > OrderValidator.MaxLines)
        {
            errors.Add("lineIds", $"Name 1-{OrderValidator.MaxLines} lines, or omit lineIds to cancel the whole order.");
            return;
        }

        for (var i = 0; i < request.LineIds.Count; i++)
        {
            errors.RequireId($"lineIds[{i}]", request.LineIds[i]);
        }

        RequireDistinct(errors, "lineIds", request.LineIds);
    }

    public static void ValidateShipmentEvent(ApiValidationErrors errors, string shipmentId, ShipmentEventRequest? request, DateTimeOffset now)
    {
        errors.RequireId("shipmentId", shipmentId);
        if (!RequireBody(errors, request))
        {
            return;
        }

        if (request!.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", "Required: picked, shipped or delivered.");
        }

        // Required rather than defaulted to now: a retry under the same idempotency key must repeat the same event.
        if (request.At is not { } at)
        {
            errors.Add("at", "Required: when it happened (ISO 8601 with offset).");
        }
        else if (at > now + FutureSkew || at < now - MaxAge)
        {
            errors.Add("at", "The time must be within the last year and at most a day ahead.");
        }

        if (request.Carrier is not null && (string.IsNullOrWhiteSpace(request.Carrier) || request.Carrier.Length > MaxCarrier || request.Carrier.Any(char.IsControl)))
        {
            errors.Add("carrier", $"1-{MaxCarrier} printable characters.");
        }

        if (request.TrackingNumber is not null)
        {
            errors.RequireId("trackingNumber", request.TrackingNumber);
        }
    }

    public static void ValidateReturn(ApiValidationErrors errors, CreateReturnRequest? request)
    {
        if (!RequireBody(errors, request))
        {
            return;
        }

        RequireReason(errors, "reason", request!.Reason, required: true);
        if (request.Lines is null || request.Lines.Count is 0 or > OrderValidator.MaxLines)
        {
            errors.Add("lines", $"Name 1-{OrderValidator.MaxLines} lines to return.");
            return;
        }

        for (var i = 0; i < request.Lines.Count; i++)
        {
            if (request.Lines[i] is not { } line)
            {
                errors.Add($"lines[{i}]", "A line cannot be null.");
                continue;
            }

            errors.RequireId($"lines[{i}].lineId", line.LineId);
            RequireQuantity(errors, $"lines[{i}].quantity", line.Quantity, minimum: 1);
        }

        RequireDistinct(errors, "lines", [.. request.Lines.Where(l => l?.LineId is not null).Select(l => l.LineId)]);
    }

    public static void ValidateDecision(ApiValidationErrors errors, ReturnDecisionRequest? request)
    {
        if (!RequireBody(errors, request))
        {
            return;
        }

        if (request!.Approve is null)
        {
            errors.Add("approve", "Required: true to approve, false to reject.");
        }

        RequireReason(errors, "note", request.Note, required: false);
    }

    public static void ValidateReceive(ApiValidationErrors errors, ReceiveReturnRequest? request)
    {
        if (!RequireBody(errors, request))
        {
            return;
        }

        if (request!.Lines is null || request.Lines.Count is 0 or > OrderValidator.MaxLines)
        {
            errors.Add("lines", $"Name 1-{OrderValidator.MaxLines} received lines.");
            return;
        }

        for (var i = 0; i < request.Lines.Count; i++)
        {
            if (request.Lines[i] is not { } line)
            {
                errors.Add($"lines[{i}]", "A line cannot be null.");
                continue;
            }

            errors.RequireId($"lines[{i}].lineId", line.LineId);
            RequireQuantity(errors, $"lines[{i}].quantity", line.Quantity, minimum: 0);
        }

        RequireDistinct(errors, "lines", [.. request.Lines.Where(l => l?.LineId is not null).Select(l => l.LineId)]);
    }

    /// <summary>A timeline position from <c>?after=</c> or the Last-Event-ID header: a sequence number, 0 for the start.</summary>
    public static long? ParseSequence(ApiValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 19 || !value.All(char.IsAsciiDigit) || !long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            errors.Add(field, "A timeline sequence number (0 or more).");
            return null;
        }

        return sequence;
    }

    private static bool RequireBody(ApiValidationErrors errors, object? request)
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return false;
        }

        return true;
    }

    private static void RequireQuantity(ApiValidationErrors errors, string field, int quantity, int minimum)
    {
        if (quantity < minimum || quantity > OrderValidator.MaxQuantity)
        {
            errors.Add(field, $"Quantity must be between {minimum} and {OrderValidator.MaxQuantity}.");
        }
    }

    private static void RequireReason(ApiValidationErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }
        }
        else if (value.Length > MaxReason || value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(field, $"At most {MaxReason} characters, no control characters.");
        }
    }

    private static void RequireDistinct(ApiValidationErrors errors, string field, IReadOnlyList<string> ids)
    {
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            errors.Add(field, "Each line may be named once.");
        }
    }
}
