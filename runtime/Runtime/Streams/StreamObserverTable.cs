using System.Collections.Concurrent;

namespace OrderGrains.Runtime.Streams;

/// <summary>The observers a grain activation attached to its stream subscriptions.</summary>
internal sealed class StreamObserverTable
{
    private readonly ConcurrentDictionary<(string Provider, StreamId Stream, string SubscriptionId), IStreamDeliveryTarget> _observers = new();

    public void Attach(string provider, StreamId stream, string subscriptionId, IStreamDeliveryTarget observer) =>
        _observers[(provider, stream, subscriptionId)] = observer;

    public void Detach(string provider, StreamId stream, string subscriptionId) =>
        _observers.TryRemove((provider, stream, subscriptionId), out _);

    public IStreamDeliveryTarget? Find(string provider, StreamId stream, string subscriptionId) =>
        _observers.TryGetValue((provider, stream, subscriptionId), out var observer) ? observer : null;
}

/// <summary>An attached observer, typed on the grain side: it deserializes and handles one event.</summary>
internal interface IStreamDeliveryTarget
{
    Task DeliverAsync(object item, StreamSequenceToken token);

    Task DeliverSerializedAsync(ReadOnlyMemory<byte> payload, StreamSequenceToken token);
}
