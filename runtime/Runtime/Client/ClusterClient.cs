using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging.Remote;
using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Placement;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace OrderGrains.Runtime.Client;

/// <summary>
/// The cluster client: at start it learns the cluster's grain types and partition map from a gateway (the client
/// need not load any grain class); then every call goes to the owner of its grain's partition over the frame
/// transport. Calls ride through failover with a Polly pipeline: a call is retried (exponential backoff with
/// jitter, on a refreshed map) only when it surely did not run (the owner could not be reached before sending, its
/// circuit is open, or it answered "not owner"), so non-idempotent calls are never duplicated; each silo has its own
/// circuit breaker; the call's deadline bounds everything.
/// </summary>
internal sealed class ClusterClient(IOptions<ClusterClientOptions> options, TimeProvider time) : IClusterClient, IGrainCallRuntime, IHostedService, IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<GrainRequest> RequestKey = new("ordergrains.client.request");

    private readonly PartitionMap _map = new(options.Value.Partitions);
    private readonly ConcurrentDictionary<string, SiloEndpoint> _gateways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPEndPoint, ResiliencePipeline<Exception?>> _circuits = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private FrameConnector? _connector;
    private RemoteCallSender? _sender;
    private ResiliencePipeline<Exception?>? _pipeline;
    private FrozenDictionary<string, string> _grainTypes = FrozenDictionary<string, string>.Empty;
    private long _refreshedAt;
    private volatile bool _dynamic;

    public bool IsConnected => _sender is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var silos = settings.Validate();
        _map.AssignRoundRobin(silos);
        foreach (var silo in silos)
        {
            _gateways[silo.Endpoint.ToString()] = silo;
        }

        _connector = new FrameConnector(settings.ClientName, settings.Transport, time: time);
        _pipeline = BuildPipeline(settings);
        var errors = new List<string>();
        foreach (var silo in silos)
        {
            try
            {
                var connection = await _connector.GetAsync(silo.Endpoint, cancellationToken).ConfigureAwait(false);
                var answer = await connection.RequestAsync(GrainWire.EncodeTypeMapRequest(), settings.Transport.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
                _grainTypes = GrainWire.DecodeTypeMap(answer).ToFrozenDictionary(StringComparer.Ordinal);
                await TryLoadMapAsync(silo, cancellationToken).ConfigureAwait(false);
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

        if (_sender is not { } sender || _pipeline is not { } pipeline)
        {
            request.TryFail(new SiloUnavailableException("The cluster client is not connected."));
            return;
        }

        _ = SendAsync(sender, pipeline, request);
    }

    private async Task SendAsync(RemoteCallSender sender, ResiliencePipeline<Exception?> pipeline, GrainRequest request)
    {
        var context = ResilienceContextPool.Shared.Get(request.CancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var notSent = await pipeline.ExecuteAsync(
                static async (ctx, state) => await state.self.AttemptAsync(state.sender, state.request, ctx).ConfigureAwait(false),
                context, (self: this, sender, request)).ConfigureAwait(false);
            if (notSent is not null)
            {
                request.TryFail(notSent);
            }
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            request.TryFail(new GrainCallTimeoutException(request.TargetId, request.FullMethodName, request.Timeout));
        }
        catch (OperationCanceledException) when (request.CancellationToken.IsCancellationRequested)
        {
            request.TryFail(new OperationCanceledException(request.CancellationToken));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt through the owner's circuit; the reason when the call surely did not run, else null.</summary>
    private async ValueTask<Exception?> AttemptAsync(RemoteCallSender sender, GrainRequest request, ResilienceContext context)
    {
        if (_map.OwnerOf(request.TargetId) is not { } owner)
        {
            return new SiloUnavailableException($"No silo owns the partition of {request.TargetId} yet.");
        }

        var circuit = _circuits.GetOrAdd(owner.Endpoint, _ => BuildCircuit(options.Value));
        try
        {
            return await circuit.ExecuteAsync(
                static async (_, state) => await state.sender.TrySendAsync(state.owner, state.request, hops: 0).ConfigureAwait(false),
                context, (sender, owner, request)).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            return new SiloUnavailableException($"Silo {owner.Name} is unavailable (its circuit is open: {e.Message}).");
        }
    }

    private ResiliencePipeline<Exception?> BuildPipeline(ClusterClientOptions settings) =>
        new ResiliencePipelineBuilder<Exception?> { TimeProvider = time }
            .AddTimeout(new Polly.Timeout.TimeoutStrategyOptions
            {
                // The call's own deadline bounds every retry.
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.TryGetValue(RequestKey, out var request) ? request.Timeout : settings.ResponseTimeout),
            })
            .AddRetry(new RetryStrategyOptions<Exception?>
            {
                // Only calls that surely did not run come back as a result; anything else completed the request. A
                // static cluster's owners never move: one retry on a refreshed map, then fail fast.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is not null && (_dynamic || args.AttemptNumber < 1)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = TimeSpan.FromMilliseconds(500),
                OnRetry = async args => await RefreshMapAsync(args.Context.CancellationToken).ConfigureAwait(false),
            })
            .Build();

    private ResiliencePipeline<Exception?> BuildCircuit(ClusterClientOptions settings) =>
        new ResiliencePipelineBuilder<Exception?> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<Exception?>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is SiloUnavailableException),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(2),
                BreakDuration = settings.CircuitBreakDuration,
            })
            .Build();

    /// <summary>Asks a gateway for the current partition map (at most one refresh at a time, at most every 100 ms).</summary>
    private async Task RefreshMapAsync(CancellationToken cancellationToken)
    {
        var asked = time.GetTimestamp();
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _refreshedAt) > asked - (time.TimestampFrequency / 10))
            {
                return;
            }

            foreach (var gateway in _gateways.Values.OrderBy(_ => Random.Shared.Next()))
            {
                if (await TryLoadMapAsync(gateway, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task<bool> TryLoadMapAsync(SiloEndpoint gateway, CancellationToken cancellationToken)
    {
        if (_connector is not { } connector)
        {
            return false;
        }

        try
        {
            var connection = await connector.GetAsync(gateway.Endpoint, cancellationToken).ConfigureAwait(false);
            var answer = await connection.RequestAsync(GrainWire.EncodePartitionMapRequest(), options.Value.Transport.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
            var map = GrainWire.DecodePartitionMap(answer);
            if (map.Owners.Count != _map.Count)
            {
                throw new InvalidOperationException($"Silo {gateway.Name} has {map.Owners.Count} partitions; this client is configured for {_map.Count}.");
            }

            _dynamic = map.Dynamic;
            var owners = new SiloEndpoint?[map.Owners.Count];
            for (var p = 0; p < owners.Length; p++)
            {
                if (map.Owners[p] is { } text && IPEndPoint.TryParse(text, out var endpoint))
                {
                    // Every owner is also a gateway for later refreshes.
                    owners[p] = _gateways.GetOrAdd(text, _ => new SiloEndpoint(text, endpoint));
                }
            }

            _map.Replace(owners);
            Interlocked.Exchange(ref _refreshedAt, time.GetTimestamp());
            return true;
        }
        catch (Exception e) when (e is SiloUnavailableException or TimeoutException or TransportException or RemoteCallFailedException or JsonException or KeyNotFoundException)
        {
            return false;
        }
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
