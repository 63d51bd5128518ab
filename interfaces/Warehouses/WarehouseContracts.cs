namespace OrderGrains.Interfaces.Warehouses;

/// <summary>A carrier lane from a warehouse: which regions it serves and how fast and at what cost.</summary>
/// <param name="Carrier">Carrier name.</param>
/// <param name="Service">Service level.</param>
/// <param name="TransitDays">Typical transit days (to the lane's regions; distance adds time beyond <see cref="RangeKm"/>).</param>
/// <param name="RangeKm">Distance served at <paramref name="TransitDays"/>.</param>
/// <param name="CostPerShipment">Base cost of a shipment.</param>
/// <param name="CostPerKg">Cost per kilogram.</param>
/// <param name="KgCo2PerKm">Emissions per parcel and kilometre.</param>
public sealed record CarrierLane(string Carrier, ShippingSpeed Service, double TransitDays, double RangeKm, decimal CostPerShipment, decimal CostPerKg, double KgCo2PerKm);

/// <summary>Static description of a warehouse.</summary>
public sealed record WarehouseProfile(
    string WarehouseId,
    string Name,
    string City,
    string Country,
    GeoPoint Location,
    int DailyCapacityUnits,
    TimeOnly CutOffLocal,
    string TimeZone,
    IReadOnlyList<CarrierLane> Lanes);

/// <summary>A warehouse's profile with its live status and load.</summary>
public sealed record WarehouseSnapshot(
    WarehouseProfile Profile,
    WarehouseStatus Status,
    string? StatusReason,
    int BacklogUnits,
    int OpenAllocations)
{
    /// <summary>Share of today's capacity already committed (backlog / capacity).</summary>
    public double Saturation => Profile.DailyCapacityUnits <= 0 ? 1 : (double)BacklogUnits / Profile.DailyCapacityUnits;

    /// <summary>Units still accepted today.</summary>
    public int RemainingCapacity => Math.Max(0, Profile.DailyCapacityUnits - BacklogUnits);
}

/// <summary>
/// A warehouse went offline or degraded below need: published once on namespace
/// <see cref="WarehouseStreams.OutageNotices"/> keyed by the warehouse id, with the status change; every unshipped
/// order allocated there is then asked to reroute.
/// </summary>
public sealed record WarehouseOutage(string WarehouseId, WarehouseStatus Status, string Reason, DateTimeOffset At);

/// <summary>Stream names of warehouses.</summary>
public static class WarehouseStreams
{
    /// <summary>Outage notices, keyed by warehouse id (one event per outage, for all its orders).</summary>
    public const string OutageNotices = "warehouse-outage-notice";

    /// <summary>Outage notices to single orders, keyed by order id: written by earlier versions, still delivered.</summary>
    public const string Outages = "warehouse-outage";
}
