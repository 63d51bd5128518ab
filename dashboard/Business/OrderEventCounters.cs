using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrderGrains.Dashboard.Business;

/// <summary>
/// Totals of order events by type (placed, allocated, backordered, rerouted, ...) seen by this process's order index
/// projectors, from their counter <c>ordergrains.order_index.order_events</c>. One increment per order event, so it
/// listens all the time: counts since the process started, summed over silos by the dashboard.
/// </summary>
internal sealed class OrderEventCounters : IDisposable
{
    /// <summary>The order index's meter (grains/OrderIndex/OrderIndexMetrics; the API tier does not load the grains).</summary>
    public const string MeterName = "OrderGrains.OrderIndex";

    /// <summary>The counter of order events by type (tag <c>event</c>).</summary>
    public const string InstrumentName = "ordergrains.order_index.order_events";

    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    /// <summary>
    /// Listens to the counter of the meter made by <paramref name="meterFactory"/> (this host's), so two silos in one
    /// process (tests) each count their own events; without a factory, to any meter of that name.
    /// </summary>
    public OrderEventCounters(IMeterFactory? meterFactory = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName
                && (meterFactory is null || ReferenceEquals(instrument.Meter.Scope, meterFactory)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "event" && tag.Value is string type)
                {
                    _totals.AddOrUpdate(type, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Events per type since the process started.</summary>
    public IReadOnlyDictionary<string, long> Totals => _totals.ToDictionary(StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
