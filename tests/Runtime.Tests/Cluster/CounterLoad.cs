using System.Collections.Concurrent;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Cluster;

/// <summary>
/// Steady increments of counter grains from one silo by a few concurrent workers, counting acknowledged and failed
/// calls per key (and those started after a marked takeover).
/// </summary>
internal sealed class CounterLoad
{
    private const int Workers = 6;

    private readonly IGrainFactory _caller;
    private readonly IReadOnlyList<string> _keys;
    private readonly ConcurrentDictionary<string, int> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _failed = new();
    private readonly ConcurrentQueue<Exception> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _workers;
    private int _total;
    private int _failures;
    private int _afterTakeover;
    private int _failedAfterTakeover;
    private volatile bool _takeover;

    public CounterLoad(TestClusterSilo caller, IReadOnlyList<string> keys)
        : this(caller.GrainFactory, keys)
    {
    }

    public CounterLoad(IGrainFactory caller, IReadOnlyList<string> keys)
    {
        _caller = caller;
        _keys = keys;
        _workers = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w))));
    }

    public int Acknowledged => Volatile.Read(ref _total);

    public int Failed => Volatile.Read(ref _failures);

    public int AcknowledgedAfterTakeover => Volatile.Read(ref _afterTakeover);

    public int FailedAfterTakeover => Volatile.Read(ref _failedAfterTakeover);

    public int AcknowledgedOf(string key) => _acknowledged.GetValueOrDefault(key);

    public int FailedOf(string key) => _failed.GetValueOrDefault(key);

    public void MarkTakeover() => _takeover = true;

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds while the load runs.</summary>
    public async Task RunUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (_workers.IsCompleted)
            {
                await _workers;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _workers;
        _stop.Dispose();
    }

    /// <summary>The first failures, for assertion messages.</summary>
    public string Errors => string.Join(" | ", _errors.Take(3).Select(e => $"{e.GetType().Name}: {e.Message}"));

    private async Task WorkAsync(int worker)
    {
        for (var i = worker; !_stop.IsCancellationRequested; i += Workers)
        {
            var key = _keys[i % _keys.Count];
            var afterTakeover = _takeover;
            try
            {
                await _caller.GetGrain<ICounterGrain>(key).Increment();
                _acknowledged.AddOrUpdate(key, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _total);
                if (afterTakeover)
                {
                    Interlocked.Increment(ref _afterTakeover);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _errors.Enqueue(e);
                _failed.AddOrUpdate(key, 1, (_, n) => n + 1);
                Interlocked.Increment(ref _failures);
                if (afterTakeover)
                {
                    Interlocked.Increment(ref _failedAfterTakeover);
                }
            }
        }
    }
}
