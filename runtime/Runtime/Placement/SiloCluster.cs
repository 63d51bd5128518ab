using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging;
using OrderGrains.Runtime.Messaging.Remote;
using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Runtime.Placement;

/// <summary>
/// This silo's place in a cluster: it listens for calls from the other silos and clients, and sends every call
/// whose grain's partition another silo owns to that silo. Two kinds of ownership:
/// <list type="bullet">
/// <item>static (<see cref="ClusterOptions"/>): round robin over the configured silos, fixed at construction;</item>
/// <item>database (<see cref="DatabaseClusterOptions"/>): partition leases in the database (<see cref="LeaseManager"/>);
/// the silo serves a partition only while it holds its lease, every write is fenced by the lease epoch, calls for
/// partitions owned elsewhere are forwarded (bounded hops) and retried on a refreshed map when they surely did not
/// run.</item>
/// </list>
/// </summary>
internal sealed class SiloCluster : ISiloLifecycleParticipant, IAsyncDisposable, ILeaseListener
{
    private readonly SiloRuntime _runtime;
    private readonly TransportOptions _transport;
    private readonly FrameConnector _connector;
    private readonly RemoteCallSender _sender;
    private readonly IPEndPoint _bind;
    private readonly DatabaseClusterOptions? _database;
    private readonly ILogger _logger;
    private FrameListener? _listener;
    private LeaseManager? _leases;
    private GroupCommitterHook? _fencedCounter;
    private int _forwarding;
    private bool _killed;

    /// <summary>A member of a static cluster.</summary>
    public SiloCluster(IServiceProvider services, IOptions<ClusterOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        var silos = settings.Validate();
        Local = silos.Single(s => s.Name == settings.SiloName);
        _bind = Local.Endpoint;
        Partitions = new PartitionMap(settings.Partitions);
        Partitions.AssignRoundRobin(silos);
        _transport = settings.Transport;
        _connector = new FrameConnector(Local.Name, _transport, time: time);
        _sender = new RemoteCallSender(_connector, time);
        _runtime = services.GetRequiredService<SiloRuntime>();
        _logger = _runtime.Logger;
        Instruments = new ClusterInstruments(services.GetService<IMeterFactory>(), () => 0);
        _runtime.Cluster = this;
    }

    private SiloCluster(IServiceProvider services, DatabaseClusterOptions options, TimeProvider time)
    {
        var (bind, advertised) = options.Validate();
        _database = options;
        _bind = bind;
        var generation = time.GetUtcNow().ToUnixTimeMilliseconds();
        Local = new SiloEndpoint($"{options.SiloName}@{advertised}/{generation}", advertised);
        Partitions = new PartitionMap(options.Partitions);
        _transport = options.Transport;
        _connector = new FrameConnector(Local.Name, _transport, time: time);
        _sender = new RemoteCallSender(_connector, time);
        _runtime = services.GetRequiredService<SiloRuntime>();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OrderGrains.Runtime.Cluster");
        Faults = services.GetService<ClusterFaults>() ?? new ClusterFaults();
        Instruments = new ClusterInstruments(services.GetService<IMeterFactory>(), () => _leases?.HeldCount ?? 0);
        _runtime.Cluster = this;
    }

    /// <summary>Creates the member of a database cluster (its storage is opened when the silo starts).</summary>
    public static SiloCluster CreateDatabase(IServiceProvider services, DatabaseClusterOptions options) =>
        new(services, options, services.GetService<TimeProvider>() ?? TimeProvider.System);

    public PartitionMap Partitions { get; }

    /// <summary>This silo (in a database cluster, its name is the silo id <c>name@address:port/generation</c>).</summary>
    public SiloEndpoint Local { get; }

    /// <summary>True for a database cluster: partitions move between silos.</summary>
    public bool IsDynamic => _database is not null;

    /// <summary>The lease manager of a database cluster once started.</summary>
    public LeaseManager? Leases => _leases;

    /// <summary>Fault injection (database cluster).</summary>
    public ClusterFaults Faults { get; } = new();

    public ClusterInstruments Instruments { get; }

    /// <summary>The storage whose writes are fenced (database cluster), as the store names itself.</summary>
    public string? FencedStoreName { get; private set; }

    /// <summary>Raised after leases were taken (database cluster): reminders of those partitions are loaded.</summary>
    public event Action<IReadOnlyCollection<int>>? PartitionsAcquired;

    /// <summary>Raised when partitions stop being served here (lost or handed over).</summary>
    public event Action<IReadOnlyCollection<int>>? PartitionsReleased;

    /// <summary>What this silo's open connections sent and received so far.</summary>
    public TransportCounters Traffic =>
        (_listener?.Connections ?? []).Concat(_connector.Connections).Aggregate(default(TransportCounters), (sum, c) => sum + c.Counters);

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        _listener = new FrameListener(_bind, Local.Name, _transport, new RemoteCallHandler(_runtime));
        _listener.Start();
        if (_database is null)
        {
            return;
        }

        var registration = _runtime.Persistence.Stores.Get(_database.StorageName);
        var store = registration.Store as AdoNetRuntimeStore
            ?? throw new InvalidOperationException($"A database cluster needs an ADO.NET storage; '{registration.Store.Name}' is {registration.Store.GetType().Name}.");
        FencedStoreName = store.Name;
        _runtime.Persistence.FencedStoreName = store.Name;
        _runtime.Persistence.CurrentFence = FenceFor;
        _fencedCounter = new GroupCommitterHook(_runtime.Persistence.GetCommitter(store.Name), this);
        _leases = new LeaseManager(store.Cluster, _database, Local, Partitions, Faults, Instruments, _runtime.TimeProvider, _logger);
        await _leases.StartAsync(this, Local.Endpoint, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        if (_leases is { } leases && !_killed)
        {
            try
            {
                await leases.LeaveAsync(cancellationToken).ConfigureAwait(false);

                // Calls that arrived during the hand-over and were forwarded still need this silo's connections.
                var deadline = _runtime.TimeProvider.GetTimestamp() + (long)(_database!.LeaveTimeout.TotalSeconds * _runtime.TimeProvider.TimestampFrequency);
                while (Volatile.Read(ref _forwarding) > 0 && _runtime.TimeProvider.GetTimestamp() < deadline)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), _runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await leases.StopAsync().ConfigureAwait(false);
                ClusterLog.Left(_logger, Local.Name);
            }
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Simulates a crash (tests): heartbeats and renewals stop, nothing is released, the listener and connections
    /// drop, and the silo serves nothing from now on; its leases expire in the database.
    /// </summary>
    public async Task KillAsync()
    {
        _killed = true;
        if (_leases is { } leases)
        {
            await leases.KillAsync().ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>True when this silo serves the partition of <paramref name="grainId"/> now.</summary>
    public bool IsLocal(GrainId grainId)
    {
        if (_leases is { } leases)
        {
            return leases.Serves(Partitions.PartitionOf(grainId));
        }

        if (_database is not null)
        {
            // Not started yet: nothing is served here.
            return false;
        }

        return Partitions.OwnerOf(grainId) is not { } owner || ReferenceEquals(owner, Local);
    }

    /// <summary>The fence of a grain's writes (database cluster), null otherwise.</summary>
    public StoreFence? FenceFor(GrainId grainId) =>
        _database is null ? null : _leases?.FenceFor(Partitions.PartitionOf(grainId)) ?? new StoreFence(Partitions.PartitionOf(grainId), -1, Local.Name);

    /// <summary>Sends <paramref name="request"/> to the owner of its grain if that is another silo.</summary>
    public bool TrySendRemote(GrainRequest request)
    {
        if (IsLocal(request.TargetId))
        {
            return false;
        }

        if (_database is null)
        {
            _sender.Send(Partitions.OwnerOf(request.TargetId)!, request);
        }
        else
        {
            _ = RouteAsync(request, hops: 0);
        }

        return true;
    }

    /// <summary>Forwards a call that arrived here for a partition this silo does not serve.</summary>
    public void Forward(GrainRequest request, int hops) => _ = RouteAsync(request, hops);

    /// <summary>Routes again a request that reached the catalog after its partition moved.</summary>
    public void Reroute(GrainRequest request)
    {
        if (request is IBackgroundRequest)
        {
            request.TryFail(new NotPartitionOwnerException($"{request.TargetId} is no longer served by silo {Local.Name}."));
            return;
        }

        _ = RouteAsync(request, hops: 0);
    }

    /// <summary>
    /// Delivers the request to the partition's owner: here when this silo serves it, else to the owner on the map.
    /// A call that surely did not run (owner unreachable before sending, or it answered "not owner") waits for the
    /// next map refresh and is tried again; the caller gets an error only when no owner answered before the deadline.
    /// </summary>
    private async Task RouteAsync(GrainRequest request, int hops)
    {
        Interlocked.Increment(ref _forwarding);
        try
        {
            Exception? lastError = null;
            while (!request.IsCompleted)
            {
                if (IsLocal(request.TargetId))
                {
                    _runtime.Catalog.Dispatch(request);
                    return;
                }

                var remaining = TimeSpan.FromSeconds((request.DeadlineTimestamp - _runtime.TimeProvider.GetTimestamp()) / (double)_runtime.TimeProvider.TimestampFrequency);
                if (remaining <= TimeSpan.Zero || _killed)
                {
                    var partition = Partitions.PartitionOf(request.TargetId);
                    request.TryFail(new SiloUnavailableException(
                        $"No silo owning partition {partition} of {request.TargetId} could be reached within the call's deadline" +
                        (lastError is null ? "." : $" (last error: {lastError.Message})")));
                    return;
                }

                if (Partitions.OwnerOf(request.TargetId) is { } owner && !ReferenceEquals(owner, Local))
                {
                    if (hops >= _database!.MaxForwardHops)
                    {
                        // Too many hops: the sender's view and ours disagree; let the sender refresh and retry.
                        request.TryFail(new NotPartitionOwnerException($"Silo {Local.Name} does not own the partition of {request.TargetId}."));
                        return;
                    }

                    if (hops > 0)
                    {
                        Instruments.ForwardedCalls.Add(1);
                    }

                    lastError = await _sender.TrySendAsync(owner, request, hops + 1).ConfigureAwait(false);
                    if (lastError is null)
                    {
                        return;
                    }
                }

                if (_leases is { } leases)
                {
                    await leases.WaitForRefreshAsync(remaining < _database!.RenewInterval * 2 ? remaining : _database.RenewInterval * 2).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(_database!.RenewInterval, _runtime.TimeProvider).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _forwarding);
        }
    }

    void ILeaseListener.OnLeasesAcquired(IReadOnlyCollection<int> partitions) => PartitionsAcquired?.Invoke(partitions);

    void ILeaseListener.OnLeasesLost(IReadOnlyCollection<int> partitions)
    {
        // Nothing can be flushed any more (the writes would be fenced): deactivate at once.
        PartitionsReleased?.Invoke(partitions);
        foreach (var activation in ActivationsOf(partitions))
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.PartitionMoved, "The silo lost the lease of the grain's partition."));
        }
    }

    async Task ILeaseListener.HandOverAsync(IReadOnlyCollection<int> partitions)
    {
        PartitionsReleased?.Invoke(partitions);
        var activations = ActivationsOf(partitions);
        foreach (var activation in activations)
        {
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.PartitionMoved, "The grain's partition is handed over to another silo."));
        }

        using var timeout = new CancellationTokenSource(_database!.LeaveTimeout);
        try
        {
            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(timeout.Token).ConfigureAwait(false);
            await _runtime.Persistence.DrainAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A grain did not finish in time: release anyway; its late writes are fenced.
        }
    }

    private List<ActivationData> ActivationsOf(IReadOnlyCollection<int> partitions)
    {
        var set = partitions as IReadOnlySet<int> ?? partitions.ToHashSet();
        return [.. _runtime.Catalog.Activations.Where(a => a.Descriptor.StatelessWorkerMaxLocal is null && set.Contains(Partitions.PartitionOf(a.GrainId)))];
    }

    internal void CountFenced(int count)
    {
        Instruments.Fenced(count);
        ClusterLog.WritesFenced(_logger, Local.Name, count);
    }

    public async ValueTask DisposeAsync()
    {
        _fencedCounter?.Dispose();
        _fencedCounter = null;
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }

        await _connector.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Counts the writes of each committed batch that fencing rejected.</summary>
    private sealed class GroupCommitterHook : IDisposable
    {
        private readonly Persistence.GroupCommitter _committer;
        private readonly SiloCluster _cluster;

        public GroupCommitterHook(Persistence.GroupCommitter committer, SiloCluster cluster)
        {
            _committer = committer;
            _cluster = cluster;
            committer.Committed += OnCommitted;
        }

        public void Dispose() => _committer.Committed -= OnCommitted;

        private void OnCommitted(IReadOnlyList<StoreWrite> writes)
        {
            var fenced = writes.Count(w => w.Outcome == StoreWriteOutcome.Fenced);
            if (fenced > 0)
            {
                _cluster.CountFenced(fenced);
            }
        }
    }
}
