using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrderGrains.Dashboard.Calls;

/// <summary>
/// Per grain type and method statistics, read as windows: each <see cref="Drain"/> returns what happened since the
/// previous one and how long that was, so rates stay right however many dashboards read.
/// </summary>
internal sealed class CallStatsTable
{
    private readonly ConcurrentDictionary<(string Type, string Method), MethodStats> _methods = new();
    private readonly Lock _drainLock = new();
    private long _windowStart = Stopwatch.GetTimestamp();

    public MethodStats For(string grainType, string method) =>
        _methods.TryGetValue((grainType, method), out var stats)
            ? stats
            : _methods.GetOrAdd((grainType, method), static key => new MethodStats(key.Type, key.Method));

    /// <summary>The windows of every method that had calls, and the window's length.</summary>
    public (IReadOnlyList<MethodWindow> Methods, TimeSpan Elapsed) Drain()
    {
        lock (_drainLock)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(_windowStart, now);
            _windowStart = now;
            var windows = new List<MethodWindow>();
            foreach (var stats in _methods.Values)
            {
                var window = stats.Drain();
                if (window.Calls > 0)
                {
                    windows.Add(window);
                }
            }

            return (windows, elapsed);
        }
    }
}
