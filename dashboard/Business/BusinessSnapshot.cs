namespace OrderGrains.Dashboard.Business;

/// <summary>A warehouse's status and load.</summary>
public sealed record WarehouseView(string Id, string Name, string City, string Status, string? Reason, int BacklogUnits, int CapacityUnits, double Saturation, int OpenAllocations);

/// <summary>A stock slot at or below the low-stock threshold.</summary>
public sealed record LowStock(string Sku, string WarehouseId, int Available, int OnHand);

/// <summary>Stock of one warehouse over the slots read.</summary>
public sealed record WarehouseStock(string WarehouseId, int Slots, int OnHand, int Reserved, int Available, IReadOnlyList<LowStock> Low);

/// <summary>Promises made at one confidence level against how many were kept.</summary>
public sealed record CalibrationView(double Confidence, long Promises, long OnTime, double Attainment);

/// <summary>An order whose delivery promise is at risk (a <c>PromiseAtRisk</c> event) and that has not shipped or been cancelled.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Status">Its status in the order index.</param>
/// <param name="Channel">Where it was placed.</param>
/// <param name="Total">Its open lines' value.</param>
/// <param name="Units">Its open units.</param>
/// <param name="CreatedAt">When it was placed.</param>
/// <param name="AtRiskSince">When it last recorded a PromiseAtRisk event.</param>
/// <param name="Reason">Why it is listed.</param>
public sealed record AtRiskOrder(
    string OrderId, string Status, string Channel, decimal Total, int Units, DateTimeOffset CreatedAt, DateTimeOffset? AtRiskSince = null, string? Reason = null);

/// <summary>The business view at one moment.</summary>
/// <param name="At">When it was read.</param>
/// <param name="OrdersByStatus">Orders per status from the order index.</param>
/// <param name="OrdersTotal">Indexed orders.</param>
/// <param name="OrdersLastMinute">Orders created in the last minute (orders/min).</param>
/// <param name="AllocationSuccessRate">Allocated / (allocated + backordered) order events since the silos started; null before any.</param>
/// <param name="SplitShipmentRate">Share of allocated orders shipped from more than one warehouse; null before any.</param>
/// <param name="Reroutes">Reroute events since the silos started.</param>
/// <param name="Backorders">Backorder events since the silos started.</param>
/// <param name="OversoldUnits">Units reserved beyond on-hand stock over the slots read (the invariant says 0).</param>
/// <param name="StockSlotsRead">Stock slots read (those active on any silo).</param>
/// <param name="Warehouses">Every warehouse's status and load.</param>
/// <param name="Stock">Stock per warehouse with its low slots.</param>
/// <param name="Calibration90">Promises made at 90% and how many were kept; null before any.</param>
/// <param name="Calibration">Every confidence level's calibration.</param>
/// <param name="AtRisk">Orders most recently put at risk (PromiseAtRisk) that have not shipped or been cancelled, newest first; backordered and held orders are counted by status, not listed here.</param>
/// <param name="OrderEvents">Order events by type since the silos started.</param>
/// <param name="Errors">Parts that could not be read, and why.</param>
public sealed record BusinessSnapshot(
    DateTimeOffset At,
    IReadOnlyDictionary<string, long> OrdersByStatus,
    long OrdersTotal,
    long OrdersLastMinute,
    double? AllocationSuccessRate,
    double? SplitShipmentRate,
    long Reroutes,
    long Backorders,
    long OversoldUnits,
    int StockSlotsRead,
    IReadOnlyList<WarehouseView> Warehouses,
    IReadOnlyList<WarehouseStock> Stock,
    CalibrationView? Calibration90,
    IReadOnlyList<CalibrationView> Calibration,
    IReadOnlyList<AtRiskOrder> AtRisk,
    IReadOnlyDictionary<string, long> OrderEvents,
    IReadOnlyList<string> Errors);
