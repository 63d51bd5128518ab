using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging.Remote;
using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Client;

/// <summary>
/// The cluster client: at start it learns the cluster's grain types from a silo (the client need not load any grain
/// class); then every call goes to the owner of its grain's partition over the frame transport.
/// </summary>
internal sealed class ClusterClient(IOptions<ClusterClientOptions> options, TimeProvider time) : IClusterClient, IGrainCallRuntime, IHostedService, IAsyncDisposable
{
    private readonly PartitionMap _map = new(options.Value.Partitions);
    private FrameConnector? _connector;
    private RemoteCallSender? _sender;
    private FrozenDictionary<string, string> _grainTypes = FrozenDictionary<string, string>.Empty;

    public bool IsConnected => _sender is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var silos = settings.Validate();
        _map.AssignRoundRobin(silos);
        _connector = new FrameConnector(settings.ClientName, settings.Transport, time: time);
        var errors = new List<string>();
        foreach (var silo in silos)
        {
            try
            {
                var connection = await _connector.GetAsync(silo.Endpoint, cancellationToken).ConfigureAwait(false);
                var answer = await connection.RequestAsync(GrainWire.EncodeTypeMapRequest(), settings.Transport.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
                _grainTypes = GrainWire.DecodeTypeMap(answer).ToFrozenDictionary(StringComparer.Ordinal);
                _sender = new RemoteCallSender(_connector, time);
                return;
            }
            catch (Exception e) when (e is SiloUnavailableException or TimeoutException or TransportException or RemoteCallFailedException or JsonException)
            {
                errors.Add($"{silo.Name}: {e.Message}");
            }
        }

        throw new SiloUnavailableException($"The cluster client reached no silo: {string.Join("; ", errors)}");
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = typeof(TGrainInterface).FullName!;
        if (!_grainTypes.TryGetValue(name, out var grainType))
        {
            throw IsConnected
                ? new ArgumentException($"No grain class of the cluster implements {name} (or several do; use GetGrain with a GrainId).")
                : new InvalidOperationException("The cluster client is not started.");
        }

        return (TGrainInterface)(object)GrainRegistry.CreateReference(typeof(TGrainInterface), new GrainId(grainType, key), this);
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        return (TGrainInterface)(object)GrainRegistry.CreateReference(typeof(TGrainInterface), grainId, this);
    }

    public void Send(GrainReference target, GrainRequest request)
    {
        request.TargetId = target.GrainId;
        request.Timeout = request.ResponseTimeout ?? options.Value.ResponseTimeout;
        request.DeadlineTimestamp = time.GetTimestamp() + (long)(request.Timeout.TotalSeconds * time.TimestampFrequency);
        if (request.CancellationToken.IsCancellationRequested)
        {
            request.TryFail(new OperationCanceledException(request.CancellationToken));
            return;
        }

        if (_sender is not { } sender || _map.OwnerOf(target.GrainId) is not { } owner)
        {
            request.TryFail(new SiloUnavailableException("The cluster client is not connected."));
            return;
        }

        sender.Send(owner, request);
    }

    public async ValueTask DisposeAsync()
    {
        _sender = null;
        if (_connector is not null)
        {
            await _connector.DisposeAsync().ConfigureAwait(false);
            _connector = null;
        }
    }
}
