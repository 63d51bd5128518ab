using System.Text.Json;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Messaging.Remote;

/// <summary>Runs grain calls that arrive from other silos on this silo's activations and answers them.</summary>
internal sealed class RemoteCallHandler(SiloRuntime runtime) : IFrameHandler
{
    public async ValueTask<byte[]> HandleRequestAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken)
    {
        IncomingCall call;
        GrainRequest? request;
        try
        {
            call = GrainWire.DecodeCall(payload);
            if (call.Method == GrainWire.TypeMapMethod)
            {
                return GrainWire.EncodeTypeMap(GrainTypesByInterface());
            }

            if (call.Method == GrainWire.SiloStatsMethod)
            {
                return await AnswerSiloStatsAsync(call.Arguments, cancellationToken).ConfigureAwait(false);
            }

            if (call.Method == GrainWire.PartitionMapMethod)
            {
                var cluster = runtime.Cluster;
                var owners = cluster is null ? [] : Enumerable.Range(0, cluster.Partitions.Count).Select(p => cluster.Partitions.OwnerAt(p)?.Endpoint.ToString()).ToList();
                return GrainWire.EncodePartitionMap(cluster?.IsDynamic ?? false, owners);
            }

            if (!GrainRegistry.TryCreateRequest(call.Method, out request))
            {
                throw new RemoteCallFailedException("remote.unknown-method", $"{call.Method} is not a grain method known to silo {runtime.Options.SiloName}.");
            }

            request.ReadArguments(call.Arguments, GrainWire.Options);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new RemoteCallFailedException("remote.malformed-call", $"Malformed grain call: {e.Message}");
        }

        request.SetCancellationToken(cancellationToken);
        using var cancelled = cancellationToken.Register(static state => ((GrainRequest)state!).TryFail(new OperationCanceledException()), request);
        var failuresAtEntry = runtime.Persistence.Failures;
        runtime.Dispatcher.SendIncoming(call.Target, request, call.Timeout, call.CallChain, call.Hops);
        Exception? failure = null;
        try
        {
            await request.WhenCompleted().ConfigureAwait(false);
        }
        catch (Placement.NotPartitionOwnerException)
        {
            return GrainWire.EncodeNotOwner();
        }
        catch (Exception e)
        {
            failure = e;
        }

        // The answer leaves this silo: what it may depend on (writes queued behind by the grains) must be durable first.
        if (runtime.Persistence.MustWaitForDurability(failuresAtEntry))
        {
            try
            {
                await runtime.Persistence.WhenDurable(failuresAtEntry).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        return failure is null ? GrainWire.EncodeResult(request) : GrainWire.EncodeException(failure);
    }

    /// <summary>Asks this silo's stats provider (the dashboard, when mounted) to answer a silo-addressed stats query.</summary>
    private async Task<byte[]> AnswerSiloStatsAsync(JsonElement query, CancellationToken cancellationToken)
    {
        if (runtime.Services.GetService(typeof(Diagnostics.ISiloStatsProvider)) is not Diagnostics.ISiloStatsProvider provider)
        {
            throw new RemoteCallFailedException("remote.unknown-method", $"Silo {runtime.Options.SiloName} has no stats provider.");
        }

        try
        {
            return GrainWire.EncodeSystemResult(await provider.AnswerAsync(query, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return GrainWire.EncodeException(e);
        }
    }

    /// <summary>Each grain interface this silo serves and its grain type (interfaces with several classes are left out).</summary>
    private Dictionary<string, string> GrainTypesByInterface()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var iface in runtime.GrainTypes.All.SelectMany(d => d.Interfaces).Distinct())
        {
            try
            {
                map[iface.FullName!] = runtime.GrainTypes.GetGrainType(iface);
            }
            catch (ArgumentException)
            {
                // Ambiguous: clients must address those grains by GrainId.
            }
        }

        return map;
    }

    public ValueTask HandleOneWayAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
