using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging;

namespace OrderGrains.Runtime.Streams;

/// <summary>Delivers one stream event to a subscribed grain, as a turn of that grain.</summary>
internal sealed class StreamDeliveryRequest(string provider, StreamId stream, string subscriptionId, StreamSequenceToken token, object? item, ReadOnlyMemory<byte> payload)
    : GrainRequest<VoidResult>, IBackgroundRequest
{
    public override Type InterfaceType => typeof(IAsyncObserver<>);

    public override string MethodName => "OnNextAsync";

    public override int ArgumentCount => 1;

    public bool KeepsAlive => true;

    public override object? GetArgument(int index) => index == 0 ? item : throw new ArgumentOutOfRangeException(nameof(index));

    protected override ValueTask<VoidResult> InvokeAsync(object grain)
    {
        var activation = (ActivationData)((Grain)grain).GrainContext;
        var observer = activation.StreamObservers.Find(provider, stream, subscriptionId)
            ?? throw new InvalidOperationException(
                $"{activation.GrainId} has no observer attached to subscription '{subscriptionId}' of stream {provider}/{stream}; "
                + "attach one in OnActivateAsync (SubscribeAsync for implicit subscriptions, ResumeAsync for explicit ones).");
        return VoidResult.From(item is not null ? observer.DeliverAsync(item, token) : observer.DeliverSerializedAsync(payload, token));
    }
}
