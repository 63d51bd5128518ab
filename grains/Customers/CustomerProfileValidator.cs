using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>Checks a profile update; refuses it with <c>customer.invalid-profile</c> naming the offending field.</summary>
public static class CustomerProfileValidator
{
    public const string ErrorCode = "customer.invalid-profile";
    public const int MaxNameLength = 200;
    public const int MaxAddresses = 10;

    public static void Validate(string? name, CustomerPreferences? preferences, IReadOnlyList<Address?>? addresses)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid("name", "must not be empty");
        }

        if (name.Length > MaxNameLength)
        {
            throw Invalid("name", $"must be at most {MaxNameLength} characters");
        }

        if (preferences is null)
        {
            throw Invalid("preferences", "are required");
        }

        if (addresses is null)
        {
            throw Invalid("addresses", "are required");
        }

        if (addresses.Count > MaxAddresses)
        {
            throw Invalid("addresses", $"at most {MaxAddresses} addresses are allowed");
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i] ?? throw Invalid($"addresses[{i}]", "must not be null");
            if (!(address.Latitude is >= -90 and <= 90))
            {
                throw Invalid($"addresses[{i}].latitude", "must be between -90 and 90");
            }

            if (!(address.Longitude is >= -180 and <= 180))
            {
                throw Invalid($"addresses[{i}].longitude", "must be between -180 and 180");
            }
        }
    }

    private static DomainException Invalid(string field, string problem) => new(ErrorCode, $"Invalid customer profile: {field} {problem}.");
}
