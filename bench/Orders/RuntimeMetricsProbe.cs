using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Bench.Orders;

/// <summary>
/// Listens to the runtime's meter while <see cref="Recording"/>: grain calls (count and total duration) per grain type
/// and method, and group-commit transactions (count, writes, total duration). Listening turns on the runtime's
/// per-call metrics filter, which costs a little per call.
/// </summary>
public sealed class RuntimeMetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, CallFigures> _calls = new(StringComparer.Ordinal);
    private long _transactions;
    private long _writes;
    private long _maxBatch;
    private double _storageMillis;
    private readonly object _storageLock = new();
    private bool _recording;

    public RuntimeMetricsProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RuntimeInstruments.MeterName
                && instrument.Name is "ordergrains.grain.call.duration" or "ordergrains.storage.write.batch_size" or "ordergrains.storage.write.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.Start();
    }

    /// <summary>Measurements are kept only while this is true.</summary>
    public bool Recording
    {
        get => Volatile.Read(ref _recording);
        set => Volatile.Write(ref _recording, value);
    }

    public void Reset()
    {
        _calls.Clear();
        lock (_storageLock)
        {
            _transactions = 0;
            _writes = 0;
            _maxBatch = 0;
            _storageMillis = 0;
        }
    }

    public long TotalCalls => _calls.Values.Sum(c => Interlocked.Read(ref c.Count));

    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Figures per unit of work (e.g. per order): calls by type and method, storage transactions and batch sizes.</summary>
    public JsonObject ToJson(double units)
    {
        var calls = new JsonObject();
        foreach (var (name, figures) in _calls.OrderByDescending(c => c.Value.Count))
        {
            calls[name] = new JsonObject
            {
                ["per_unit"] = ResultWriter.Round(figures.Count / units, 3),
                ["mean_ms"] = ResultWriter.Round(figures.Count == 0 ? 0 : figures.Millis / figures.Count, 3),
            };
        }

        lock (_storageLock)
        {
            return new JsonObject
            {
                ["grain_calls_per_unit"] = ResultWriter.Round(TotalCalls / units, 2),
                ["storage_transactions_per_unit"] = ResultWriter.Round(_transactions / units, 3),
                ["storage_writes_per_unit"] = ResultWriter.Round(_writes / units, 2),
                ["storage_mean_batch_size"] = ResultWriter.Round(_transactions == 0 ? 0 : (double)_writes / _transactions, 2),
                ["storage_max_batch_size"] = _maxBatch,
                ["storage_mean_transaction_ms"] = ResultWriter.Round(_transactions == 0 ? 0 : _storageMillis / _transactions, 2),
                ["storage_transactions"] = _transactions,
                ["calls"] = calls,
            };
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!Recording)
        {
            return;
        }

        if (instrument.Name == "ordergrains.storage.write.duration")
        {
            lock (_storageLock)
            {
                _storageMillis += value;
            }

            return;
        }

        string? type = null;
        string? method = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "grain.type")
            {
                type = tag.Value?.ToString();
            }
            else if (tag.Key == "method")
            {
                method = tag.Value?.ToString();
            }
        }

        var figures = _calls.GetOrAdd($"{type}.{ShortMethod(method)}", static _ => new CallFigures());
        Interlocked.Increment(ref figures.Count);
        lock (figures)
        {
            figures.Millis += value;
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!Recording || instrument.Name != "ordergrains.storage.write.batch_size")
        {
            return;
        }

        lock (_storageLock)
        {
            _transactions++;
            _writes += value;
            _maxBatch = Math.Max(_maxBatch, value);
        }
    }

    private static string ShortMethod(string? method)
    {
        if (method is null)
        {
            return "?";
        }

        var dot = method.LastIndexOf('.');
        return dot < 0 ? method : method[(dot + 1)..];
    }

    private sealed class CallFigures
    {
        public long Count;
        public double Millis;
    }
}
