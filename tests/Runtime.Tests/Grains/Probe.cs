using System.Collections.Concurrent;

namespace OrderGrains.Runtime.Tests.Grains;

/// <summary>What test grains report to the test: lifecycle events, received stream items, reminder ticks.</summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentDictionary<(string Prefix, int Count), TaskCompletionSource> _waits = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Record(string @event)
    {
        _events.Enqueue(@event);
        foreach (var ((prefix, count), wait) in _waits)
        {
            if (CountOf(prefix) >= count)
            {
                wait.TrySetResult();
            }
        }
    }

    public int CountOf(string prefix) => _events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    public IReadOnlyList<string> With(string prefix) => [.. _events.Where(e => e.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Completes when <paramref name="count"/> events starting with <paramref name="prefix"/> were recorded.</summary>
    public Task WaitFor(string prefix, int count = 1, TimeSpan? timeout = null)
    {
        var wait = _waits.GetOrAdd((prefix, count), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (CountOf(prefix) >= count)
        {
            wait.TrySetResult();
        }

        return wait.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
    }
}
