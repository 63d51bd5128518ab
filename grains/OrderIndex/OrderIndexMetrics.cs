using System.Diagnostics.Metrics;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>Metrics of the order index (meter <c>OrderGrains.OrderIndex</c>).</summary>
public sealed class OrderIndexMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrderGrains.OrderIndex";

    private readonly Meter _meter;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _stale;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _writeMs;
    private readonly Histogram<double> _searchMs;
    private readonly Counter<long> _orderEvents;

    /// <summary>Creates the instruments.</summary>
    public OrderIndexMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _applied = _meter.CreateCounter<long>("ordergrains.order_index.changes_applied", description: "Order changes written to the index.");
        _stale = _meter.CreateCounter<long>("ordergrains.order_index.changes_stale", description: "Order changes ignored as not newer than the indexed version.");
        _batchSize = _meter.CreateHistogram<int>("ordergrains.order_index.batch_size", description: "Changes per index transaction.");
        _writeMs = _meter.CreateHistogram<double>("ordergrains.order_index.write_duration", "ms", "Duration of an index transaction.");
        _searchMs = _meter.CreateHistogram<double>("ordergrains.order_index.search_duration", "ms", "Duration of a search.");
        _orderEvents = _meter.CreateCounter<long>(OrderEventsInstrument, "{event}", "Order timeline events seen on the change feed, by event type (OrderPlaced, Allocated, Backordered, Rerouted, ...).");
    }

    internal void Written(int changes, int applied, TimeSpan elapsed)
    {
        _batchSize.Record(changes);
        _applied.Add(applied);
        _stale.Add(Math.Max(0, changes - applied));
        _writeMs.Record(elapsed.TotalMilliseconds);
    }

    /// <summary>Name of the counter of order events by type (tag <c>event</c>).</summary>
    public const string OrderEventsInstrument = "ordergrains.order_index.order_events";

    internal void Observed(OrderGrains.Interfaces.Orders.OrderChanged change)
    {
        if (!_orderEvents.Enabled)
        {
            return;
        }

        foreach (var type in change.EventTypes)
        {
            _orderEvents.Add(1, new KeyValuePair<string, object?>("event", type));
        }
    }

    internal void Searched(TimeSpan elapsed) => _searchMs.Record(elapsed.TotalMilliseconds);

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
