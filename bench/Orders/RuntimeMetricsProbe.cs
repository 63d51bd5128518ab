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
    private readonly ConcurrentDictionary<(string? Type, string? Method), CallFigures> _calls = new();
    private long _transactions;
    private long _writes;
    private long _maxBatch;
    private double _storageMillis;
    private readonly object _storageLock = new();
    private bool _recording;
    private ProcessSnapshot _started;
    private ProcessSnapshot _stopped;

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

    /// <summary>
    /// Measurements are kept only while this is true. Turning it on and off also takes the process's CPU time,
    /// allocations and GC figures, so they can be given per unit of the same window.
    /// </summary>
    public bool Recording
    {
        get => Volatile.Read(ref _recording);
        set
        {
            if (value)
            {
                _started = ProcessSnapshot.Take();
            }
            else
            {
                _stopped = ProcessSnapshot.Take();
            }

            Volatile.Write(ref _recording, value);
        }
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
        var byName = _calls.GroupBy(c => $"{c.Key.Type}.{ShortMethod(c.Key.Method)}", c => c.Value)
            .Select(g => (Name: g.Key, Count: g.Sum(f => f.Count), Microseconds: g.Sum(f => f.Microseconds)));
        foreach (var (name, count, microseconds) in byName.OrderByDescending(c => c.Count))
        {
            calls[name] = new JsonObject
            {
                ["per_unit"] = ResultWriter.Round(count / units, 3),
                ["mean_ms"] = ResultWriter.Round(count == 0 ? 0 : microseconds / 1000.0 / count, 3),
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
                ["process_cpu_ms_per_unit"] = ResultWriter.Round((_stopped.CpuMillis - _started.CpuMillis) / units, 3),
                ["allocated_kb_per_unit"] = ResultWriter.Round((_stopped.AllocatedBytes - _started.AllocatedBytes) / 1024.0 / units, 1),
                ["gc_pause_ms_per_unit"] = ResultWriter.Round((_stopped.GcPauseMillis - _started.GcPauseMillis) / units, 3),
                ["gc_collections"] = $"{_stopped.Gen0 - _started.Gen0} / {_stopped.Gen1 - _started.Gen1} / {_stopped.Gen2 - _started.Gen2}",
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

        // No lock per call: hot methods are measured from many threads at once, and a lock here showed up in profiles.
        var figures = _calls.GetOrAdd((type, method), static _ => new CallFigures());
        Interlocked.Increment(ref figures.Count);
        Interlocked.Add(ref figures.Microseconds, (long)(value * 1000));
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

    private readonly record struct ProcessSnapshot(double CpuMillis, long AllocatedBytes, double GcPauseMillis, int Gen0, int Gen1, int Gen2)
    {
        public static ProcessSnapshot Take()
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return new(
                process.TotalProcessorTime.TotalMilliseconds,
                GC.GetTotalAllocatedBytes(precise: false),
                GC.GetTotalPauseDuration().TotalMilliseconds,
                GC.CollectionCount(0),
                GC.CollectionCount(1),
                GC.CollectionCount(2));
        }
    }

    private sealed class CallFigures
    {
        public long Count;
        public long Microseconds;
    }
}
