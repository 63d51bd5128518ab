using System.Collections.Concurrent;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Catalog;

/// <summary>
/// The activations of this silo: finds or creates the activation for a request, removes deactivated ones,
/// collects idle ones and deactivates everything at shutdown.
/// </summary>
internal sealed class GrainCatalog(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerGroup> _workers = new();
    private readonly ConcurrentQueue<ActivationData> _deadlineWatch = new();
    private volatile bool _stopping;

    public int Count => _activations.Count + _workers.Values.Sum(g => g.Count);

    /// <summary>
    /// Every activation, enumerated live: the dictionaries' own enumerators take no locks and copy nothing (their
    /// <c>Values</c> take every lock and copy), which matters for the periodic scans over tens of thousands of grains.
    /// </summary>
    public IEnumerable<ActivationData> Activations
    {
        get
        {
            foreach (var pair in _activations)
            {
                yield return pair.Value;
            }

            foreach (var pair in _workers)
            {
                foreach (var activation in pair.Value.Activations)
                {
                    yield return activation;
                }
            }
        }
    }

    public bool TryGetActivation(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    /// <summary>Delivers a request to its grain's activation, creating it if needed.</summary>
    public void Dispatch(GrainRequest request)
    {
        var grainId = request.TargetId;
        if (!runtime.GrainTypes.TryGet(grainId.Type, out var descriptor))
        {
            request.TryFail(new ArgumentException($"No grain class has grain type '{grainId.Type}' (grain {grainId})."));
            return;
        }

        if (descriptor.StatelessWorkerMaxLocal is { } max)
        {
            if (!_workers.GetOrAdd(grainId, static (id, s) => new StatelessWorkerGroup(id, s.descriptor, s.max, s.runtime), (descriptor, max, runtime)).TryDispatch(request))
            {
                Reject(request);
            }

            return;
        }

        if (runtime.Cluster is { IsDynamic: true } cluster && !cluster.IsLocal(grainId))
        {
            // The partition moved (lease lost or handed over) after the request was routed here.
            cluster.Reroute(request);
            return;
        }

        while (true)
        {
            if (!_activations.TryGetValue(grainId, out var activation))
            {
                if (_stopping)
                {
                    Reject(request);
                    return;
                }

                activation = _activations.GetOrAdd(grainId, static (id, s) => s.runtime.CreateActivation(id, s.descriptor), (runtime, descriptor));
            }

            if (activation.TryEnqueue(request))
            {
                activation.EnsureStarted();
                return;
            }

            // Deactivated between lookup and enqueue: drop the stale entry and try again.
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(grainId, activation));
        }
    }

    public void Remove(ActivationData activation)
    {
        if (!_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation))
            && _workers.TryGetValue(activation.GrainId, out var group))
        {
            group.Remove(activation);
        }
    }

    /// <summary>Deactivates activations idle longer than their collection age.</summary>
    public int CollectIdle()
    {
        var now = runtime.TimeProvider.GetTimestamp();
        var count = 0;
        foreach (var activation in Activations)
        {
            if (activation.IsIdleFor(now))
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.IdleCollection, $"Idle for {activation.CollectionAge}."));
                count++;
            }
        }

        if (count > 0)
        {
            RuntimeLog.Collected(runtime.Logger, count);
        }

        return count;
    }

    /// <summary>Lists an activation that has requests for the deadline scan (each activation at most once).</summary>
    internal void WatchDeadlines(ActivationData activation) => _deadlineWatch.Enqueue(activation);

    /// <summary>
    /// Fails requests past their deadline. Visits only the activations listed since they last had work (a scan of
    /// every activation was ~3% of a busy silo's CPU with tens of thousands of idle grains).
    /// </summary>
    public int ExpireRequests()
    {
        var now = runtime.TimeProvider.GetTimestamp();
        var count = 0;
        for (var remaining = _deadlineWatch.Count; remaining > 0 && _deadlineWatch.TryDequeue(out var activation); remaining--)
        {
            count += activation.ExpireRequests(now);
            if (!activation.TryLeaveDeadlineWatch())
            {
                _deadlineWatch.Enqueue(activation);
            }
        }

        return count;
    }

    public long TotalMailboxLength()
    {
        long total = 0;
        foreach (var activation in Activations)
        {
            total += activation.MailboxLength;
        }

        return total;
    }

    /// <summary>Stops creating activations and deactivates all of them.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        foreach (var group in _workers.Values)
        {
            group.Stop();
        }

        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");
        var all = Activations.ToList();
        foreach (var activation in all)
        {
            activation.Deactivate(reason);
        }

        await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
    }

    private static void Reject(GrainRequest request) =>
        request.TryFail(new SiloUnavailableException($"The silo is shutting down; {request.TargetId} cannot be activated here."));
}
