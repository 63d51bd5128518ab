using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Internal;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Messaging;

/// <summary>
/// Sends requests: stamps the deadline and call chain, runs outgoing filters when active, and hands the request to
/// the catalog (or straight to the activation the reference remembers).
/// </summary>
internal sealed class GrainCallDispatcher(SiloRuntime runtime) : IGrainCallRuntime
{
    private volatile bool _stopped;

    public void Stop() => _stopped = true;

    public void Send(GrainReference target, GrainRequest request)
    {
        request.TargetId = target.GrainId;
        var timeout = request.ResponseTimeout ?? runtime.Options.DefaultResponseTimeout;
        request.Timeout = timeout;
        request.DeadlineTimestamp = runtime.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * runtime.TimeProvider.TimestampFrequency);
        request.StorageFailuresAtEntry = runtime.Persistence.Failures;

        var current = ActivationScope.CurrentTurn.Value;
        if (current?.Target is { } source)
        {
            request.CallChain = new CallChainLink(source.GrainId, current.CallChain);
        }
        else if (_stopped)
        {
            request.TryFail(new SiloUnavailableException("The silo has stopped and accepts no new calls."));
            return;
        }

        var cancellation = request.CancellationToken;
        if (cancellation.CanBeCanceled)
        {
            if (cancellation.IsCancellationRequested)
            {
                request.TryFail(new OperationCanceledException(cancellation));
                return;
            }

            request.CancellationRegistration = cancellation.UnsafeRegister(
                static (state, token) => ((GrainRequest)state!).TryFail(new OperationCanceledException(token)), request);
        }

        if (runtime.CallFilters.HasActiveOutgoing)
        {
            _ = OutgoingCallContext.RunAsync(request, current?.Target, runtime.CallFilters, () => Route(target, request));
            return;
        }

        Route(target, request);
    }

    /// <summary>Runs a call that arrived from another silo: its deadline and call chain come with it.</summary>
    public void SendIncoming(GrainId grainId, GrainRequest request, TimeSpan timeout, CallChainLink? callChain, int hops = 0)
    {
        request.TargetId = grainId;
        request.Timeout = timeout;
        request.CallChain = callChain;
        request.StorageFailuresAtEntry = runtime.Persistence.Failures;
        request.DeadlineTimestamp = runtime.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * runtime.TimeProvider.TimestampFrequency);
        if (runtime.Cluster is { IsDynamic: true } cluster && !cluster.IsLocal(grainId))
        {
            // Sent on a stale map, or the partition moved while the call travelled: forward it (bounded hops).
            cluster.Forward(request, hops);
            return;
        }

        runtime.Catalog.Dispatch(request);
    }

    /// <summary>Sends a request the runtime itself makes (reminder ticks, stream deliveries) to a grain.</summary>
    public void SendSystemRequest(GrainId grainId, GrainRequest request)
    {
        request.TargetId = grainId;
        if (runtime.Cluster is { } cluster && !cluster.IsLocal(grainId))
        {
            // Runtime requests never leave their silo: activating the grain here would make a second activation.
            request.TryFail(new Placement.NotPartitionOwnerException($"{grainId} is served by another silo; its runtime requests run there."));
            return;
        }

        request.Timeout = runtime.Options.DefaultResponseTimeout;
        request.StorageFailuresAtEntry = runtime.Persistence.Failures;
        request.DeadlineTimestamp = runtime.TimeProvider.GetTimestamp() + (long)(request.Timeout.TotalSeconds * runtime.TimeProvider.TimestampFrequency);
        runtime.Catalog.Dispatch(request);
    }

    private void Route(GrainReference target, GrainRequest request)
    {
        if (runtime.Cluster is { } cluster && cluster.TrySendRemote(request))
        {
            return;
        }

        if (target.RoutingHint is ActivationData known && known.TryEnqueue(request))
        {
            return;
        }

        runtime.Catalog.Dispatch(request);
        if (runtime.Catalog.TryGetActivation(request.TargetId, out var activation))
        {
            target.RoutingHint = activation;
        }
    }
}
