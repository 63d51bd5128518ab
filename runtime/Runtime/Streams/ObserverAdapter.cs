using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrderGrains.Runtime.Streams;

/// <summary>Adapts a typed observer to the runtime's delivery of objects (memory streams) and bytes (persistent streams).</summary>
internal sealed class ObserverAdapter<T>(IAsyncObserver<T> observer, JsonTypeInfo<T>? typeInfo) : IStreamDeliveryTarget
{
    public Task DeliverAsync(object item, StreamSequenceToken token) => observer.OnNextAsync((T)item, token);

    public Task DeliverSerializedAsync(ReadOnlyMemory<byte> payload, StreamSequenceToken token) =>
        observer.OnNextAsync(
            JsonSerializer.Deserialize(payload.Span, typeInfo ?? throw new InvalidOperationException("This observer receives in-memory events only."))!, token);
}
