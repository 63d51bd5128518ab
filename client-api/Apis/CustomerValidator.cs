using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Checks customer requests before any grain is touched.</summary>
internal static class CustomerValidator
{
    /// <summary>As many addresses as the customer grain keeps.</summary>
    public const int MaxAddresses = 10;

    public static ApiValidationErrors Id(string customerId)
    {
        var errors = new ApiValidationErrors();
        errors.RequireId("customerId", customerId);
        return errors;
    }

    public static void Upsert(ApiValidationErrors errors, UpsertCustomerRequest? request)
    {
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return;
        }

        errors.RequireText("name", request.Name);
        Tier(errors, request.Tier);
        Preferences(errors, request.Preferences);
        if (request.Addresses is { } addresses)
        {
            if (addresses.Count > MaxAddresses)
            {
                errors.Add("addresses", $"At most {MaxAddresses} addresses are kept.");
            }
            else
            {
                for (var i = 0; i < addresses.Count; i++)
                {
                    OrderValidator.ValidateAddress(errors, $"addresses[{i}]", addresses[i]);
                }
            }
        }
    }

    public static void Tier(ApiValidationErrors errors, CustomerTier? tier)
    {
        if (tier is not { } value)
        {
            errors.Add("tier", "Required: standard, silver, gold or vip.");
        }
        else if (!Enum.IsDefined(value))
        {
            errors.Add("tier", "Unknown tier: standard, silver, gold or vip.");
        }
    }

    public static void Preferences(ApiValidationErrors errors, CustomerPreferencesRequest? preferences, string path = "preferences")
    {
        if (preferences?.PreferredSpeed is { } speed && !Enum.IsDefined(speed))
        {
            errors.Add($"{path}.preferredSpeed", "Unknown speed: standard, express or priority.");
        }
    }
}
