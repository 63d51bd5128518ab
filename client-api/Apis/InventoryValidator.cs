namespace OrderGrains.ClientApi.Apis;

/// <summary>Checks inventory requests before any grain is touched.</summary>
internal static class InventoryValidator
{
    public const int MaxQuantity = 1_000_000;
    public const int MaxInboundDaysAhead = 2 * 366;

    public static ApiValidationErrors Slot(string sku, string warehouseId)
    {
        var errors = new ApiValidationErrors();
        errors.RequireId("sku", sku);
        errors.RequireId("warehouseId", warehouseId);
        return errors;
    }

    public static void Receive(ApiValidationErrors errors, ReceiveStockRequest? request)
    {
        if (Body(errors, request))
        {
            Quantity(errors, "quantity", request.Quantity);
            errors.RequireId("reference", request.Reference);
        }
    }

    public static void Adjust(ApiValidationErrors errors, AdjustStockRequest? request)
    {
        if (!Body(errors, request))
        {
            return;
        }

        if (request.Delta is not { } delta)
        {
            errors.Add("delta", "Required.");
        }
        else if (delta == 0 || delta < -MaxQuantity || delta > MaxQuantity)
        {
            errors.Add("delta", $"Delta must be between -{MaxQuantity} and {MaxQuantity} and not 0.");
        }

        errors.RequireText("reason", request.Reason);
        errors.RequireId("reference", request.Reference);
    }

    public static void SafetyStock(ApiValidationErrors errors, SafetyStockRequest? request)
    {
        if (!Body(errors, request))
        {
            return;
        }

        if (request.Units is not { } units)
        {
            errors.Add("units", "Required.");
        }
        else if (units is < 0 or > MaxQuantity)
        {
            errors.Add("units", $"Units must be between 0 and {MaxQuantity}.");
        }
    }

    public static void ExpectedInbound(ApiValidationErrors errors, ExpectedInboundRequest? request, DateOnly today)
    {
        if (!Body(errors, request))
        {
            return;
        }

        Quantity(errors, "quantity", request.Quantity);
        if (request.ExpectedOn is not { } on)
        {
            errors.Add("expectedOn", "Required.");
        }

        // Yesterday is allowed: "today" differs by time zone between the caller and the server.
        else if (on < today.AddDays(-1) || on > today.AddDays(MaxInboundDaysAhead))
        {
            errors.Add("expectedOn", $"Expected date must be between {today.AddDays(-1):yyyy-MM-dd} and {today.AddDays(MaxInboundDaysAhead):yyyy-MM-dd}.");
        }
    }

    private static void Quantity(ApiValidationErrors errors, string field, int? quantity)
    {
        if (quantity is not { } value)
        {
            errors.Add(field, "Required.");
        }
        else if (value is < 1 or > MaxQuantity)
        {
            errors.Add(field, $"Quantity must be between 1 and {MaxQuantity}.");
        }
    }

    private static bool Body<T>(ApiValidationErrors errors, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] T? request)
        where T : class
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return false;
        }

        return true;
    }
}
