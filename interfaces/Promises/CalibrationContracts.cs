namespace OrderGrains.Interfaces.Promises;

/// <summary>A delivered shipment against its promise: promised at <paramref name="Confidence"/>, on time or not.</summary>
public sealed record CalibrationSample(string Lane, double Confidence, bool OnTime, DateTimeOffset PromisedBy, DateTimeOffset DeliveredAt);

/// <summary>Promises made at one confidence level and how many were kept.</summary>
public sealed record CalibrationBucket(double Confidence, long Promises, long OnTime)
{
    /// <summary>Share delivered by the promised date (compare with <see cref="Confidence"/>).</summary>
    public double Attainment => Promises == 0 ? 0 : (double)OnTime / Promises;
}

/// <summary>One lane's calibration.</summary>
public sealed record LaneCalibration(string Lane, IReadOnlyList<CalibrationBucket> Buckets);

/// <summary>Calibration of the promises: overall and per lane, per confidence level (rounded to 5 points).</summary>
public sealed record CalibrationReport(IReadOnlyList<CalibrationBucket> Overall, IReadOnlyList<LaneCalibration> Lanes, long Samples, DateTimeOffset? UpdatedAt);

/// <summary>Calibration tracking (<c>promise-calibration/all</c>): the dashboard reads it; delivered shipments feed it.</summary>
public interface IPromiseCalibrationGrain : IGrainWithStringKey
{
    Task Record(CalibrationSample sample);

    [ReadOnly]
    Task<CalibrationReport> GetReport();
}

/// <summary>The result of one look at a warehouse by its promise watch.</summary>
/// <param name="WarehouseId">The warehouse.</param>
/// <param name="Changed">True if its load or status moved enough to re-evaluate the promises made there.</param>
/// <param name="Reason">What changed.</param>
/// <param name="OrdersNotified">Orders asked to re-evaluate.</param>
/// <param name="Overdue">Of those, orders notified because a shipment was not with the carrier by its promised hand-over.</param>
public sealed record WatchCheck(string WarehouseId, bool Changed, string? Reason, int OrdersNotified, int Overdue = 0);

/// <summary>
/// Watches one warehouse (<c>promise-watch/{warehouse}</c>) for the orders with open promises there: when its backlog
/// jumps against its capacity, or it degrades, each order re-evaluates P(meet the committed date); an order whose
/// shipment is still at the warehouse after its promised hand-over re-evaluates too (once per hand-over time).
/// </summary>
public interface IPromiseWatchGrain : IGrainWithStringKey
{
    /// <summary>Watches <paramref name="orderId"/>; <paramref name="handoverBy"/> is when the carrier should have its shipment (null: unknown).</summary>
    Task Track(string orderId, DateTimeOffset? handoverBy);

    Task Untrack(string orderId);

    /// <summary>Looks at the warehouse now (a timer also does, every <c>WatchInterval</c>).</summary>
    Task<WatchCheck> Check();

    [ReadOnly]
    Task<IReadOnlyList<string>> GetTracked();
}
