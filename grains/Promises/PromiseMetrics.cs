using System.Diagnostics.Metrics;
using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Metrics of delivery promises (meter <c>OrderGrains.Promises</c>): promises made (by the level of data they rest
/// on), cache hits and misses, at-risk shipments, delivered shipments (on time or not, by confidence), and the
/// calibration itself as gauges (share delivered on time per confidence level, overall and per lane) from the latest
/// report of the calibration grain in this silo.
/// </summary>
public sealed class PromiseMetrics : IDisposable
{
    public const string MeterName = "OrderGrains.Promises";

    private readonly Meter _meter;
    private readonly Counter<long> _promises;
    private readonly Counter<long> _cache;
    private readonly Counter<long> _atRisk;
    private readonly Counter<long> _delivered;
    private CalibrationReport? _report;

    public PromiseMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _promises = _meter.CreateCounter<long>("ordergrains.promise.made", description: "Shipment promises computed, by the fallback level of their transit data");
        _cache = _meter.CreateCounter<long>("ordergrains.promise.cache", description: "Promise cache lookups, by result (hit, miss)");
        _atRisk = _meter.CreateCounter<long>("ordergrains.promise.at_risk", description: "Shipments found at risk of missing their committed date, by chosen action");
        _delivered = _meter.CreateCounter<long>("ordergrains.promise.delivered", description: "Delivered shipments, by promise confidence and on time or late");
        _meter.CreateObservableGauge("ordergrains.promise.calibration", ObserveOverall, description: "Share of promises kept, per confidence level (overall)");
        _meter.CreateObservableGauge("ordergrains.promise.lane_calibration", ObserveLanes, description: "Share of promises kept, per lane and confidence level");
    }

    public void Promised(FallbackLevel level) => _promises.Add(1, new KeyValuePair<string, object?>("level", level.ToString()));

    public void CacheLookup(bool hit) => _cache.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void AtRisk(AtRiskActionKind? action) => _atRisk.Add(1, new KeyValuePair<string, object?>("action", action?.ToString() ?? "none"));

    public void Delivered(double confidence, bool onTime) => _delivered.Add(
        1,
        new KeyValuePair<string, object?>("confidence", CalibrationTable.Bucket(confidence)),
        new KeyValuePair<string, object?>("on_time", onTime));

    /// <summary>The calibration grain publishes its latest report here for the gauges.</summary>
    public void Publish(CalibrationReport report) => Volatile.Write(ref _report, report);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveOverall()
    {
        var report = Volatile.Read(ref _report);
        if (report is null)
        {
            yield break;
        }

        foreach (var bucket in report.Overall)
        {
            yield return new Measurement<double>(bucket.Attainment, new KeyValuePair<string, object?>("confidence", bucket.Confidence));
        }
    }

    private IEnumerable<Measurement<double>> ObserveLanes()
    {
        var report = Volatile.Read(ref _report);
        if (report is null)
        {
            yield break;
        }

        foreach (var lane in report.Lanes)
        {
            foreach (var bucket in lane.Buckets)
            {
                yield return new Measurement<double>(
                    bucket.Attainment,
                    new KeyValuePair<string, object?>("lane", lane.Lane),
                    new KeyValuePair<string, object?>("confidence", bucket.Confidence));
            }
        }
    }
}
