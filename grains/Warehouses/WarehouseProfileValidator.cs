using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>Checks a warehouse profile; refusals are <c>warehouse.invalid-profile</c> naming the field.</summary>
public static class WarehouseProfileValidator
{
    /// <summary>Throws <see cref="DomainException"/> if the profile is not usable by the warehouse <paramref name="warehouseId"/>.</summary>
    public static void Validate(string warehouseId, WarehouseProfile? profile)
    {
        if (profile is null)
        {
            throw Invalid("profile", "is required");
        }

        if (!string.Equals(profile.WarehouseId, warehouseId, StringComparison.Ordinal))
        {
            throw Invalid(nameof(profile.WarehouseId), $"'{profile.WarehouseId}' does not match the grain key '{warehouseId}'");
        }

        Require(profile.Name, nameof(profile.Name));
        Require(profile.City, nameof(profile.City));
        Require(profile.Country, nameof(profile.Country));
        if (profile.Location.Latitude is < -90 or > 90 || double.IsNaN(profile.Location.Latitude))
        {
            throw Invalid("Location.Latitude", "must be within [-90, 90]");
        }

        if (profile.Location.Longitude is < -180 or > 180 || double.IsNaN(profile.Location.Longitude))
        {
            throw Invalid("Location.Longitude", "must be within [-180, 180]");
        }

        if (profile.DailyCapacityUnits < 0)
        {
            throw Invalid(nameof(profile.DailyCapacityUnits), "must not be negative");
        }

        Require(profile.TimeZone, nameof(profile.TimeZone));
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out _))
        {
            throw Invalid(nameof(profile.TimeZone), $"'{profile.TimeZone}' is not a known time zone");
        }

        if (profile.Lanes is null || profile.Lanes.Count == 0)
        {
            throw Invalid(nameof(profile.Lanes), "needs at least one carrier lane");
        }

        for (var i = 0; i < profile.Lanes.Count; i++)
        {
            ValidateLane(profile.Lanes[i], i);
        }
    }

    private static void ValidateLane(CarrierLane? lane, int index)
    {
        var field = $"Lanes[{index}]";
        if (lane is null)
        {
            throw Invalid(field, "is required");
        }

        Require(lane.Carrier, field + ".Carrier");
        if (lane.TransitDays < 0 || double.IsNaN(lane.TransitDays))
        {
            throw Invalid(field + ".TransitDays", "must not be negative");
        }

        if (lane.RangeKm < 0 || double.IsNaN(lane.RangeKm))
        {
            throw Invalid(field + ".RangeKm", "must not be negative");
        }

        if (lane.CostPerShipment < 0 || lane.CostPerKg < 0)
        {
            throw Invalid(field + ".Cost", "must not be negative");
        }

        if (lane.KgCo2PerKm < 0 || double.IsNaN(lane.KgCo2PerKm))
        {
            throw Invalid(field + ".KgCo2PerKm", "must not be negative");
        }
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(field, "is required");
        }
    }

    private static DomainException Invalid(string field, string problem) =>
        new("warehouse.invalid-profile", $"Warehouse profile field {field} {problem}.");
}
