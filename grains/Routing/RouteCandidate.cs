using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Routing;

/// <summary>A warehouse that may ship the order, with its lane and per-shipment figures precomputed for one request.</summary>
internal readonly struct RouteCandidate(
    WarehouseSnapshot warehouse,
    CarrierLane lane,
    double hours,
    double distanceKm,
    double costBase,
    double costPerKg,
    double kgCo2,
    bool fallbackOnly,
    double slaProbability,
    bool preferred = false)
{
    public WarehouseSnapshot Warehouse { get; } = warehouse;

    public string Id => Warehouse.Profile.WarehouseId;

    public CarrierLane Lane { get; } = lane;

    /// <summary>Hours until delivery: wait for the cut-off, lane transit, extra distance beyond the lane's range.</summary>
    public double Hours { get; } = hours;

    public double DistanceKm { get; } = distanceKm;

    public double CostBase { get; } = costBase;

    public double CostPerKg { get; } = costPerKg;

    /// <summary>kg CO2 of one parcel from here (distance × lane factor).</summary>
    public double KgCo2 { get; } = kgCo2;

    /// <summary>P(delivered within the VIP SLA) from the promise; 1 or 0 from the table when no promise is known.</summary>
    public double SlaProbability { get; } = slaProbability;

    /// <summary>Soft-degraded: used only when no online warehouse can fill the order.</summary>
    public bool FallbackOnly { get; } = fallbackOnly;

    /// <summary>A warehouse the order's business rules prefer (lowers the plan's score by the policy's bonus).</summary>
    public bool Preferred { get; } = preferred;

    public int Capacity => Warehouse.Profile.DailyCapacityUnits;

    public int Backlog => Warehouse.BacklogUnits;

    public int Remaining => Warehouse.RemainingCapacity;
}
