using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>
/// The runtime's metrics (meter <c>OrderGrains.Runtime</c>), OpenTelemetry-compatible. Instruments cost a branch
/// when nobody listens.
/// </summary>
public sealed class RuntimeInstruments : IDisposable
{
    /// <summary>Name of the runtime's meter.</summary>
    public const string MeterName = "OrderGrains.Runtime";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _activationsByType = new(StringComparer.Ordinal);
    private Func<long>? _mailboxLength;
    private readonly ConcurrentDictionary<string, Func<long>> _streamLag = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a private meter).</summary>
    public RuntimeInstruments(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Calls = _meter.CreateCounter<long>("ordergrains.grain.calls", "{call}", "Grain calls completed, by grain type and method.");
        CallExceptions = _meter.CreateCounter<long>("ordergrains.grain.call.exceptions", "{call}", "Grain calls that ended in an exception.");
        CallDuration = _meter.CreateHistogram<double>("ordergrains.grain.call.duration", "ms", "Time from a request's start on its activation to its end.");
        StorageDuration = _meter.CreateHistogram<double>("ordergrains.storage.write.duration", "ms", "Duration of one group-commit transaction.");
        StorageBatchSize = _meter.CreateHistogram<long>("ordergrains.storage.write.batch_size", "{write}", "Writes per group-commit transaction.");
        CallTimeouts = _meter.CreateCounter<long>("ordergrains.grain.call.timeouts", "{call}", "Calls that exceeded their deadline.");
        _meter.CreateObservableGauge("ordergrains.activations", ObserveActivations, "{activation}", "Activations by grain type.");
        _meter.CreateObservableGauge("ordergrains.mailbox.length", () => _mailboxLength?.Invoke() ?? 0, "{request}", "Requests waiting for their turn, over all activations.");
        _meter.CreateObservableGauge("ordergrains.stream.lag", ObserveStreamLag, "{event}", "Undelivered events per stream provider.");
    }

    /// <summary>Completed calls.</summary>
    public Counter<long> Calls { get; }

    /// <summary>Calls that threw.</summary>
    public Counter<long> CallExceptions { get; }

    /// <summary>Call duration.</summary>
    public Histogram<double> CallDuration { get; }

    /// <summary>Calls that exceeded their deadline.</summary>
    public Counter<long> CallTimeouts { get; }

    /// <summary>Group-commit transaction duration.</summary>
    public Histogram<double> StorageDuration { get; }

    /// <summary>Writes per group-commit transaction.</summary>
    public Histogram<long> StorageBatchSize { get; }

    /// <summary>True when someone listens to per-call instruments; the call filter does nothing otherwise.</summary>
    public bool CallMetricsEnabled => Calls.Enabled || CallDuration.Enabled || CallExceptions.Enabled;

    /// <summary>Current activations per grain type.</summary>
    public IReadOnlyDictionary<string, long> ActivationCounts =>
        _activationsByType.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal);

    /// <summary>Undelivered events per stream provider (providers that report lag).</summary>
    public IReadOnlyDictionary<string, long> StreamLag =>
        _streamLag.ToDictionary(p => p.Key, p => p.Value(), StringComparer.Ordinal);

    internal void ActivationAdded(string grainType) =>
        Interlocked.Increment(ref _activationsByType.GetOrAdd(grainType, static _ => new StrongBox<long>()).Value);

    internal void ActivationRemoved(string grainType) =>
        Interlocked.Decrement(ref _activationsByType.GetOrAdd(grainType, static _ => new StrongBox<long>()).Value);

    internal void ObserveMailboxLength(Func<long> source) => _mailboxLength = source;

    internal void ObserveStreamLag(string provider, Func<long> lag) => _streamLag[provider] = lag;

    private IEnumerable<Measurement<long>> ObserveActivations()
    {
        foreach (var (type, count) in _activationsByType)
        {
            yield return new Measurement<long>(Interlocked.Read(ref count.Value), new KeyValuePair<string, object?>("grain.type", type));
        }
    }

    private IEnumerable<Measurement<long>> ObserveStreamLag()
    {
        foreach (var (provider, lag) in _streamLag)
        {
            yield return new Measurement<long>(lag(), new KeyValuePair<string, object?>("provider", provider));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
