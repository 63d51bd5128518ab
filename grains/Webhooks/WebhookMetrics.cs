using System.Diagnostics.Metrics;

namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// Metrics of webhooks (meter <c>OrderGrains.Webhooks</c>): HTTP attempts by result and their duration, finished
/// deliveries by outcome, circuits opened and dead letters dropped.
/// </summary>
public sealed class WebhookMetrics : IDisposable
{
    public const string MeterName = "OrderGrains.Webhooks";

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _circuitOpened;
    private readonly Counter<long> _dropped;

    public WebhookMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _attempts = _meter.CreateCounter<long>("ordergrains.webhook.attempts", description: "HTTP attempts of webhook deliveries, by result (success, http-error, timeout, network)");
        _duration = _meter.CreateHistogram<double>("ordergrains.webhook.attempt.duration", unit: "ms", description: "Duration of webhook HTTP attempts");
        _deliveries = _meter.CreateCounter<long>("ordergrains.webhook.deliveries", description: "Finished webhook deliveries, by outcome (delivered, dead-lettered)");
        _circuitOpened = _meter.CreateCounter<long>("ordergrains.webhook.circuit_opened", description: "Times an endpoint's circuit opened");
        _dropped = _meter.CreateCounter<long>("ordergrains.webhook.dead_letters_dropped", description: "Dead letters dropped because the list was full");
    }

    public void Attempt(string result, double milliseconds)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _attempts.Add(1, tag);
        _duration.Record(milliseconds, tag);
    }

    public void Finished(bool delivered) => _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "dead-lettered"));

    public void CircuitOpened() => _circuitOpened.Add(1);

    public void DeadLetterDropped() => _dropped.Add(1);

    public void Dispose() => _meter.Dispose();
}
