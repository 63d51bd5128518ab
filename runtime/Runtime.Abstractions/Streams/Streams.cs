namespace OrderGrains.Runtime;

/// <summary>Identity of a stream within a provider: a namespace and a key.</summary>
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}/{Key}";
}

/// <summary>Position of an event in its stream (1 for the first event).</summary>
public readonly record struct StreamSequenceToken(long SequenceNumber) : IComparable<StreamSequenceToken>
{
    /// <inheritdoc/>
    public int CompareTo(StreamSequenceToken other) => SequenceNumber.CompareTo(other.SequenceNumber);

    /// <summary>Ordering.</summary>
    public static bool operator <(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) >= 0;
}

/// <summary>A named stream provider (memory or persistent).</summary>
public interface IStreamProvider
{
    /// <summary>The provider's configured name.</summary>
    string Name { get; }

    /// <summary>True if events are stored and subscriptions can rewind.</summary>
    bool IsRewindable { get; }

    /// <summary>Returns a stream handle; performs no I/O.</summary>
    IAsyncStream<T> GetStream<T>(string @namespace, string key);
}

/// <summary>Receives stream events.</summary>
public interface IAsyncObserver<in T>
{
    /// <summary>Handles one event. An exception makes the provider retry (persistent provider) and eventually dead-letter it.</summary>
    Task OnNextAsync(T item, StreamSequenceToken token);
}

/// <summary>A stream of events of type <typeparamref name="T"/>.</summary>
public interface IAsyncStream<T>
{
    /// <summary>The stream's identity.</summary>
    StreamId StreamId { get; }

    /// <summary>The provider's name.</summary>
    string ProviderName { get; }

    /// <summary>Publishes an event; with a persistent provider it completes once the event is stored.</summary>
    Task OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Publishes events in order, in one write.</summary>
    Task OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Prepares an event for <see cref="IPersistentState{TState}.WriteStateAsync(IReadOnlyList{StagedStreamEvent}, CancellationToken)"/>,
    /// which stores it atomically with the grain's state. Persistent providers only.
    /// </summary>
    StagedStreamEvent Stage(T item);

    /// <summary>
    /// Subscribes. Inside a grain the subscription is the grain's and survives deactivation (resume it with
    /// <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/> after reactivation); for a grain with an implicit
    /// subscription to the namespace, this attaches the observer to it. Delivery starts after
    /// <paramref name="from"/>'s predecessor, or with events published from now on.
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default);

    /// <summary>The current grain's subscriptions to this stream.</summary>
    Task<IReadOnlyList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandlesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads stored events in sequence order: at most <paramref name="limit"/> of them, starting after
    /// <paramref name="after"/> (0 for the beginning). Only durable events are returned. Persistent providers only.
    /// </summary>
    /// <exception cref="NotSupportedException">The provider does not store events.</exception>
    Task<IReadOnlyList<StoredEvent<T>>> ReadAsync(StreamSequenceToken after, int limit, CancellationToken cancellationToken = default);
}

/// <summary>An event read back from a persistent stream.</summary>
/// <param name="Item">The event.</param>
/// <param name="Token">Its sequence number in the stream.</param>
/// <param name="StoredAt">When it was stored.</param>
public sealed record StoredEvent<T>(T Item, StreamSequenceToken Token, DateTimeOffset StoredAt);

/// <summary>A subscription of a grain (or of an external observer) to a stream.</summary>
public abstract class StreamSubscriptionHandle<T>
{
    /// <summary>Identifier of the subscription.</summary>
    public abstract string SubscriptionId { get; }

    /// <summary>The stream.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>Attaches an observer again (after reactivation), optionally rewinding to <paramref name="from"/>.</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? from = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the subscription.</summary>
    public abstract Task UnsubscribeAsync(CancellationToken cancellationToken = default);
}

/// <summary>An event serialized for appending to a persistent stream inside a grain state write.</summary>
/// <param name="ProviderName">The persistent stream provider.</param>
/// <param name="StreamId">The target stream.</param>
/// <param name="Payload">The serialized event.</param>
public sealed record StagedStreamEvent(string ProviderName, StreamId StreamId, ReadOnlyMemory<byte> Payload);

/// <summary>Helpers for streams.</summary>
public static class StreamExtensions
{
    /// <summary>Subscribes with a delegate.</summary>
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream, Func<T, StreamSequenceToken, Task> onNext, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.SubscribeAsync(new DelegateObserver<T>(onNext), from, cancellationToken);
    }

    /// <summary>Resumes with a delegate.</summary>
    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken, Task> onNext, StreamSequenceToken? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.ResumeAsync(new DelegateObserver<T>(onNext), from, cancellationToken);
    }

    /// <summary>Returns the stream provider registered under <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such provider.</exception>
    public static IStreamProvider GetStreamProvider(this IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var providers = services.GetService(typeof(IEnumerable<IStreamProvider>)) as IEnumerable<IStreamProvider> ?? [];
        return providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"No stream provider named '{name}' is configured.");
    }

    private sealed class DelegateObserver<T>(Func<T, StreamSequenceToken, Task> onNext) : IAsyncObserver<T>
    {
        public Task OnNextAsync(T item, StreamSequenceToken token) => onNext(item, token);
    }
}
