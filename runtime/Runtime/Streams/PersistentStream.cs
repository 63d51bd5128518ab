using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Streams;

/// <summary>A stream of a persistent provider.</summary>
internal sealed class PersistentStream<T>(PersistentStreamProvider provider, StreamId streamId) : IAsyncStream<T>
{
    private readonly JsonTypeInfo<T> _typeInfo = (JsonTypeInfo<T>)provider.Runtime.Options.SerializerOptions.GetTypeInfo(typeof(T));

    public StreamId StreamId => streamId;

    private PersistentStreamProvider Provider => provider;

    private JsonTypeInfo<T> TypeInfo => _typeInfo;

    public string ProviderName => provider.Name;

    public Task OnNextAsync(T item, CancellationToken cancellationToken = default) => OnNextBatchAsync([item], cancellationToken);

    public Task OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        cancellationToken.ThrowIfCancellationRequested();
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }

        var appends = new StreamAppend[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            appends[i] = provider.CreateAppend(streamId, Serialize(items[i]));
        }

        var publisher = RuntimeContext.Current?.GrainId ?? new GrainId("stream", streamId.ToString());
        return provider.Runtime.Persistence.AppendEventsAsync(provider.StorageName, publisher, appends);
    }

    public StagedStreamEvent Stage(T item) => new(provider.Name, streamId, Serialize(item));

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var activation = StreamScope.CurrentActivation(nameof(SubscribeAsync));
        string subscriptionId;
        var implicitly = ImplicitSubscriptions.IsSubscribed(provider.Runtime.GrainTypes, activation.GrainId, streamId);
        if (implicitly)
        {
            subscriptionId = ImplicitSubscriptions.SubscriptionId(activation.GrainId.Type);
            if (from is { } rewind)
            {
                await provider.Store.UpsertSubscriptionAsync(Record(subscriptionId, activation.GrainId, rewind.SequenceNumber - 1), rewind: true, cancellationToken);
            }
        }
        else
        {
            subscriptionId = Guid.NewGuid().ToString("N");
            var checkpoint = from is { } start
                ? start.SequenceNumber - 1
                : await provider.Store.GetStreamHeadAsync(provider.Name, streamId, cancellationToken);
            await provider.Store.UpsertSubscriptionAsync(Record(subscriptionId, activation.GrainId, checkpoint), rewind: true, cancellationToken);
        }

        activation.StreamObservers.Attach(provider.Name, streamId, subscriptionId, new ObserverAdapter<T>(observer, _typeInfo));
        if (from is not null || !implicitly)
        {
            provider.PollForSubscriptionsOf(streamId);
        }
        else
        {
            provider.Wake();
        }

        return new Handle(this, subscriptionId, activation.GrainId);
    }

    public async Task<IReadOnlyList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandlesAsync(CancellationToken cancellationToken = default)
    {
        var activation = StreamScope.CurrentActivation(nameof(GetAllSubscriptionHandlesAsync));
        var records = await provider.Store.GetSubscriptionsAsync(provider.Name, streamId, cancellationToken);
        return [.. records.Where(r => r.Subscriber == activation.GrainId).Select(r => new Handle(this, r.SubscriptionId, r.Subscriber))];
    }

    public async Task<IReadOnlyList<StoredEvent<T>>> ReadAsync(StreamSequenceToken after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after.SequenceNumber);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var stored = await provider.Store.ReadStreamAsync(provider.Name, streamId, after.SequenceNumber, limit, cancellationToken);
        var events = new StoredEvent<T>[stored.Count];
        for (var i = 0; i < stored.Count; i++)
        {
            var item = JsonSerializer.Deserialize(stored[i].Payload, _typeInfo)
                ?? throw new InvalidOperationException($"Event {stored[i].Sequence} of stream {streamId} is empty.");
            events[i] = new StoredEvent<T>(item, new StreamSequenceToken(stored[i].Sequence), stored[i].CreatedAt);
        }

        return events;
    }

    private StreamSubscriptionRecord Record(string subscriptionId, GrainId subscriber, long checkpoint) =>
        new(provider.Name, streamId, subscriptionId, subscriber, Math.Max(0, checkpoint));

    private byte[] Serialize(T item) => JsonSerializer.SerializeToUtf8Bytes(item, _typeInfo);

    private sealed class Handle(PersistentStream<T> stream, string subscriptionId, GrainId subscriber) : StreamSubscriptionHandle<T>
    {
        public override string SubscriptionId => subscriptionId;

        public override StreamId StreamId => stream.StreamId;

        public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(observer);
            var activation = StreamScope.CurrentActivation(nameof(ResumeAsync));
            if (activation.GrainId != subscriber)
            {
                throw new InvalidOperationException($"Subscription {subscriptionId} belongs to {subscriber}, not {activation.GrainId}.");
            }

            if (from is { } rewind)
            {
                await stream.Provider.Store.UpsertSubscriptionAsync(stream.Record(subscriptionId, subscriber, rewind.SequenceNumber - 1), rewind: true, cancellationToken);
            }

            activation.StreamObservers.Attach(stream.Provider.Name, stream.StreamId, subscriptionId, new ObserverAdapter<T>(observer, stream.TypeInfo));
            stream.Provider.PollForSubscriptionsOf(stream.StreamId);
            return this;
        }

        public override async Task UnsubscribeAsync(CancellationToken cancellationToken = default)
        {
            await stream.Provider.Store.DeleteSubscriptionAsync(stream.Provider.Name, stream.StreamId, subscriptionId, cancellationToken);
            if (RuntimeContext.Current is Catalog.ActivationData activation && activation.GrainId == subscriber)
            {
                activation.StreamObservers.Detach(stream.Provider.Name, stream.StreamId, subscriptionId);
            }
        }
    }
}
