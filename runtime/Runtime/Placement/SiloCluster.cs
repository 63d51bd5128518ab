using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging.Remote;
using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Placement;

/// <summary>
/// This silo's place in a cluster: it listens for calls from the other silos, and sends every call whose grain's
/// partition another silo owns to that silo. Partitions are assigned statically for now (round robin over the
/// configured silos, the same on every silo); lease-based ownership replaces the assignment, not this routing.
/// </summary>
internal sealed class SiloCluster(IServiceProvider services, IOptions<ClusterOptions> options, TimeProvider time) : ISiloLifecycleParticipant, IAsyncDisposable
{
    private FrameListener? _listener;
    private FrameConnector? _connector;
    private RemoteCallSender? _sender;

    public PartitionMap Partitions { get; } = new(options.Value.Partitions);

    public SiloEndpoint Local { get; private set; } = null!;

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var silos = settings.Validate();
        Local = silos.Single(s => s.Name == settings.SiloName);
        Partitions.AssignRoundRobin(silos);

        var runtime = services.GetRequiredService<SiloRuntime>();
        _listener = new FrameListener(Local.Endpoint, Local.Name, settings.Transport, new RemoteCallHandler(runtime));
        _listener.Start();
        _connector = new FrameConnector(Local.Name, settings.Transport, time: time);
        _sender = new RemoteCallSender(_connector, time);
        runtime.Cluster = this;
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async Task OnStopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>What this silo's open connections sent and received so far.</summary>
    public TransportCounters Traffic =>
        (_listener?.Connections ?? []).Concat(_connector?.Connections ?? []).Aggregate(default(TransportCounters), (sum, c) => sum + c.Counters);

    /// <summary>Sends <paramref name="request"/> to the owner of its grain if that is another silo.</summary>
    public bool TrySendRemote(GrainRequest request)
    {
        var owner = Partitions.OwnerOf(request.TargetId);
        if (owner is null || ReferenceEquals(owner, Local) || _sender is null)
        {
            return false;
        }

        _sender.Send(owner, request);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }

        if (_connector is not null)
        {
            await _connector.DisposeAsync().ConfigureAwait(false);
            _connector = null;
        }
    }
}
