namespace OrderGrains.ClientApi.Apis;

/// <summary>Checks warehouse requests before any grain is touched.</summary>
internal static class WarehouseValidator
{
    public const int MaxDailyCapacity = 1_000_000;

    public static ApiValidationErrors Id(string warehouseId)
    {
        var errors = new ApiValidationErrors();
        errors.RequireId("warehouseId", warehouseId);
        return errors;
    }

    public static void Status(ApiValidationErrors errors, WarehouseStatusRequest? request)
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return;
        }

        if (request.Status is not { } status)
        {
            errors.Add("status", "Required: online, degraded or offline.");
        }
        else if (!Enum.IsDefined(status))
        {
            errors.Add("status", "Unknown status: online, degraded or offline.");
        }

        errors.RequireText("reason", request.Reason, required: false);
    }

    public static void Capacity(ApiValidationErrors errors, WarehouseCapacityRequest? request)
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
        }
        else if (request.DailyCapacityUnits is not { } units)
        {
            errors.Add("dailyCapacityUnits", "Required.");
        }
        else if (units is < 0 or > MaxDailyCapacity)
        {
            errors.Add("dailyCapacityUnits", $"Daily capacity must be between 0 and {MaxDailyCapacity} units.");
        }
    }
}
