using OrderGrains.Interfaces.Promises;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Calibration of the promises (<c>promise-calibration/all</c>): every delivered shipment against the confidence it
/// was promised at, overall and per lane. Reentrant with coalesced writes (one hot grain); publishes its report to
/// this silo's metrics for the gauges.
/// </summary>
[GrainType("promise-calibration")]
[Reentrant]
public sealed class PromiseCalibrationGrain(
    [PersistentState("calibration")] IPersistentState<CalibrationTable> state,
    PromiseMetrics metrics) : Grain, IPromiseCalibrationGrain
{
    /// <summary>The key of the single calibration grain.</summary>
    public const string Key = "all";

    private CalibrationReport? _report;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.Publish(GetReportNow());
        return Task.CompletedTask;
    }

    public Task Record(CalibrationSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Confidence is <= 0 or >= 1 || string.IsNullOrWhiteSpace(sample.Lane))
        {
            throw new DomainException("promise.invalid-sample", "A calibration sample needs a lane and a confidence in (0, 1).");
        }

        state.State.Add(sample);
        _report = null;
        metrics.Delivered(sample.Confidence, sample.OnTime);
        metrics.Publish(GetReportNow());
        state.WriteBehind();
        return Task.CompletedTask;
    }

    public Task<CalibrationReport> GetReport() => Task.FromResult(GetReportNow());

    private CalibrationReport GetReportNow() => _report ??= state.State.Report();
}
