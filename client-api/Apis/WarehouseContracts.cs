using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.ClientApi.Apis;

/// <summary>A warehouse: profile, live status, capacity and load.</summary>
/// <param name="WarehouseId">Warehouse id.</param>
/// <param name="Name">Display name.</param>
/// <param name="City">City.</param>
/// <param name="Country">Country code.</param>
/// <param name="Location">Coordinates.</param>
/// <param name="Status">Operating status.</param>
/// <param name="StatusReason">Why the status was set, if a reason was given (a degraded warehouse with a reason takes no new allocations).</param>
/// <param name="AcceptsAllocations">True when new orders can be allocated here.</param>
/// <param name="DailyCapacityUnits">Units the warehouse can ship a day.</param>
/// <param name="BacklogUnits">Units allocated and not yet shipped.</param>
/// <param name="RemainingCapacity">Units still accepted today.</param>
/// <param name="Saturation">Backlog / capacity (1 when capacity is 0).</param>
/// <param name="OpenAllocations">Orders with unshipped units here.</param>
/// <param name="CutOffLocal">Local carrier cut-off time.</param>
/// <param name="TimeZone">Time zone of the cut-off.</param>
/// <param name="Lanes">Carrier lanes.</param>
public sealed record WarehouseResponse(
    string WarehouseId,
    string Name,
    string City,
    string Country,
    GeoPoint Location,
    WarehouseStatus Status,
    string? StatusReason,
    bool AcceptsAllocations,
    int DailyCapacityUnits,
    int BacklogUnits,
    int RemainingCapacity,
    double Saturation,
    int OpenAllocations,
    TimeOnly CutOffLocal,
    string TimeZone,
    IReadOnlyList<CarrierLane> Lanes)
{
    /// <summary>The response for <paramref name="snapshot"/>.</summary>
    public static WarehouseResponse From(WarehouseSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var p = snapshot.Profile;
        return new(
            p.WarehouseId, p.Name, p.City, p.Country, p.Location, snapshot.Status, snapshot.StatusReason,
            WarehouseStatusSemantics.AcceptsAllocations(snapshot.Status, snapshot.StatusReason),
            p.DailyCapacityUnits, snapshot.BacklogUnits, snapshot.RemainingCapacity, Math.Round(snapshot.Saturation, 4),
            snapshot.OpenAllocations, p.CutOffLocal, p.TimeZone, p.Lanes);
    }
}

/// <summary>The answer to a status change.</summary>
/// <param name="Warehouse">The warehouse after the change.</param>
/// <param name="PreviousStatus">The status before the change.</param>
/// <param name="AffectedAllocations">
/// Open allocations told to reroute by this change: the warehouse's open allocations when it stopped taking
/// allocations, 0 otherwise. The orders reroute asynchronously, each on its own timeline.
/// </param>
public sealed record WarehouseStatusChangeResponse(WarehouseResponse Warehouse, WarehouseStatus PreviousStatus, int AffectedAllocations);

/// <summary>A status change. A reason with <c>degraded</c> means the degradation affects orders (they reroute).</summary>
/// <param name="Status">online, degraded or offline.</param>
/// <param name="Reason">Why (at most 200 characters); recorded on the warehouse and on rerouted orders' timelines.</param>
public sealed record WarehouseStatusRequest(WarehouseStatus? Status, string? Reason = null);

/// <summary>A new daily capacity.</summary>
/// <param name="DailyCapacityUnits">Units a day, 0 to 1,000,000 (0 takes no new allocations).</param>
public sealed record WarehouseCapacityRequest(int? DailyCapacityUnits);
