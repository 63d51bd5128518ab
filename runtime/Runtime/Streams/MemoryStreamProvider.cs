using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Streams;

/// <summary>
/// A best-effort, in-process stream provider: events go straight to the subscribers' mailboxes (in publication
/// order per subscriber) and are not stored; subscriptions last as long as the silo.
/// </summary>
internal sealed class MemoryStreamProvider(string name, SiloRuntime runtime, ILoggerFactory loggerFactory) : IStreamProvider
{
    private readonly ConcurrentDictionary<StreamId, ImmutableList<Subscription>> _subscriptions = new();
    private readonly ConcurrentDictionary<StreamId, StrongBox<long>> _sequences = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("OrderGrains.Runtime.Streams");

    public string Name => name;

    public bool IsRewindable => false;

    private SiloRuntime Runtime => runtime;

    public IAsyncStream<T> GetStream<T>(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(key);
        return new MemoryStream<T>(this, new StreamId(@namespace, key));
    }

    private void Publish(StreamId stream, object item)
    {
        var token = new StreamSequenceToken(Interlocked.Increment(ref _sequences.GetOrAdd(stream, static _ => new StrongBox<long>()).Value));
        foreach (var implicitSubscriber in ImplicitSubscriptions.For(runtime.GrainTypes, name, stream))
        {
            Deliver(implicitSubscriber.Subscriber, implicitSubscriber.SubscriptionId, stream, token, item);
        }

        if (_subscriptions.TryGetValue(stream, out var subscriptions))
        {
            foreach (var subscription in subscriptions)
            {
                if (subscription.Grain is { } grain)
                {
                    Deliver(grain, subscription.Id, stream, token, item);
                }
                else
                {
                    subscription.Local!.Writer.TryWrite((item, token));
                }
            }
        }
    }

    private void Deliver(GrainId grain, string subscriptionId, StreamId stream, StreamSequenceToken token, object item)
    {
        var request = new StreamDeliveryRequest(name, stream, subscriptionId, token, item, default);
        runtime.Dispatcher.SendSystemRequest(grain, request);
        _ = ObserveAsync(request, grain, stream);
    }

    private async Task ObserveAsync(StreamDeliveryRequest request, GrainId grain, StreamId stream)
    {
        try
        {
            await request.AsVoidValueTask();
        }
        catch (Exception exception)
        {
            StreamLog.MemoryDeliveryFailed(_logger, name, stream, grain.ToString(), exception);
        }
    }

    private Subscription Add(StreamId stream, Subscription subscription)
    {
        _subscriptions.AddOrUpdate(stream, static (_, s) => [s], static (_, list, s) => list.Add(s), subscription);
        return subscription;
    }

    private void Remove(StreamId stream, string subscriptionId) =>
        _subscriptions.AddOrUpdate(stream, static (_, _) => [], static (_, list, id) => list.RemoveAll(s => s.Id == id), subscriptionId);


    private sealed record Subscription(string Id, GrainId? Grain, Channel<(object Item, StreamSequenceToken Token)>? Local);

    private sealed class MemoryStream<T>(MemoryStreamProvider provider, StreamId streamId) : IAsyncStream<T>
    {
        public StreamId StreamId => streamId;

        public string ProviderName => provider.Name;

        public Task OnNextAsync(T item, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            provider.Publish(streamId, item!);
            return Task.CompletedTask;
        }

        public Task OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(items);
            foreach (var item in items)
            {
                provider.Publish(streamId, item!);
            }

            return Task.CompletedTask;
        }

        public StagedStreamEvent Stage(T item) =>
            throw new NotSupportedException($"Stream provider '{provider.Name}' keeps events in memory only; writing events with state needs a persistent provider.");

        public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(observer);
            if (from is not null)
            {
                throw new NotSupportedException($"Stream provider '{provider.Name}' keeps no history, so it cannot rewind.");
            }

            if (RuntimeContext.Current is Catalog.ActivationData activation)
            {
                var id = ImplicitSubscriptions.IsSubscribed(provider.Runtime.GrainTypes, activation.GrainId, streamId)
                    ? ImplicitSubscriptions.SubscriptionId(activation.GrainId.Type)
                    : provider.Add(streamId, new Subscription(Guid.NewGuid().ToString("N"), activation.GrainId, null)).Id;
                activation.StreamObservers.Attach(provider.Name, streamId, id, new ObserverAdapter<T>(observer, null));
                return Task.FromResult<StreamSubscriptionHandle<T>>(new Handle(provider, streamId, id));
            }

            // A subscriber outside grains (a service or a test): events are handed to it in order by one reader.
            var channel = Channel.CreateUnbounded<(object Item, StreamSequenceToken Token)>(new UnboundedChannelOptions { SingleReader = true });
            var subscription = provider.Add(streamId, new Subscription(Guid.NewGuid().ToString("N"), null, channel));
            _ = Task.Run(
                async () =>
            {
                await foreach (var (item, token) in channel.Reader.ReadAllAsync())
                {
                    try
                    {
                        await observer.OnNextAsync((T)item, token);
                    }
                    catch (Exception exception)
                    {
                        StreamLog.MemoryDeliveryFailed(provider._logger, provider.Name, streamId, subscription.Id, exception);
                    }
                }
            },
                CancellationToken.None);
            return Task.FromResult<StreamSubscriptionHandle<T>>(new Handle(provider, streamId, subscription.Id));
        }

        public Task<IReadOnlyList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandlesAsync(CancellationToken cancellationToken = default)
        {
            var activation = StreamScope.CurrentActivation(nameof(GetAllSubscriptionHandlesAsync));
            var handles = provider._subscriptions.TryGetValue(streamId, out var list)
                ? list.Where(s => s.Grain == activation.GrainId).Select(s => (StreamSubscriptionHandle<T>)new Handle(provider, streamId, s.Id)).ToList()
                : [];
            return Task.FromResult<IReadOnlyList<StreamSubscriptionHandle<T>>>(handles);
        }

        public Task<IReadOnlyList<StoredEvent<T>>> ReadAsync(StreamSequenceToken after, int limit, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"Stream provider '{provider.Name}' keeps no events; only persistent streams can be read back.");

        private sealed class Handle(MemoryStreamProvider provider, StreamId streamId, string subscriptionId) : StreamSubscriptionHandle<T>
        {
            public override string SubscriptionId => subscriptionId;

            public override StreamId StreamId => streamId;

            public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
            {
                ArgumentNullException.ThrowIfNull(observer);
                if (from is not null)
                {
                    throw new NotSupportedException($"Stream provider '{provider.Name}' keeps no history, so it cannot rewind.");
                }

                StreamScope.CurrentActivation(nameof(ResumeAsync)).StreamObservers.Attach(provider.Name, streamId, subscriptionId, new ObserverAdapter<T>(observer, null));
                return Task.FromResult<StreamSubscriptionHandle<T>>(this);
            }

            public override Task UnsubscribeAsync(CancellationToken cancellationToken = default)
            {
                if (provider._subscriptions.TryGetValue(streamId, out var list) && list.FirstOrDefault(s => s.Id == subscriptionId) is { Local: { } local })
                {
                    local.Writer.TryComplete();
                }

                provider.Remove(streamId, subscriptionId);
                (RuntimeContext.Current as Catalog.ActivationData)?.StreamObservers.Detach(provider.Name, streamId, subscriptionId);
                return Task.CompletedTask;
            }
        }
    }
}
