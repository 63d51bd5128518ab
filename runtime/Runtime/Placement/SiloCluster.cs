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
/// The map is known from construction, before any silo service starts, so reminders and stream delivery only
/// ever take up the grains this silo owns.
/// </summary>
internal sealed class SiloCluster : ISiloLifecycleParticipant, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly TransportOptions _transport;
    private readonly FrameConnector _connector;
    private readonly RemoteCallSender _sender;
    private FrameListener? _listener;

    public SiloCluster(IServiceProvider services, IOptions<ClusterOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        var silos = settings.Validate();
        Local = silos.Single(s => s.Name == settings.SiloName);
        Partitions = new PartitionMap(settings.Partitions);
        Partitions.AssignRoundRobin(silos);
        _transport = settings.Transport;
        _connector = new FrameConnector(Local.Name, _transport, time: time);
        _sender = new RemoteCallSender(_connector, time);
        _runtime = services.GetRequiredService<SiloRuntime>();
        _runtime.Cluster = this;
    }

    public PartitionMap Partitions { get; }

    public SiloEndpoint Local { get; }

    /// <summary>What this silo's open connections sent and received so far.</summary>
    public TransportCounters Traffic =>
        (_listener?.Connections ?? []).Concat(_connector.Connections).Aggregate(default(TransportCounters), (sum, c) => sum + c.Counters);

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        _listener = new FrameListener(Local.Endpoint, Local.Name, _transport, new RemoteCallHandler(_runtime));
        _listener.Start();
        return Task.CompletedTask;
    }

    public async Task OnStopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>True when this silo owns the partition of <paramref name="grainId"/>.</summary>
    public bool IsLocal(GrainId grainId) => Partitions.OwnerOf(grainId) is not { } owner || ReferenceEquals(owner, Local);

    /// <summary>Sends <paramref name="request"/> to the owner of its grain if that is another silo.</summary>
    public bool TrySendRemote(GrainRequest request)
    {
        if (IsLocal(request.TargetId))
        {
            return false;
        }

        _sender.Send(Partitions.OwnerOf(request.TargetId)!, request);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }

        await _connector.DisposeAsync().ConfigureAwait(false);
    }
}
