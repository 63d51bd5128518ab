using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Streams;

/// <summary>Implicit subscriptions: a grain class subscribed to a namespace gets every stream of it, keyed like the stream.</summary>
internal static class ImplicitSubscriptions
{
    public const string IdPrefix = "implicit:";

    public static string SubscriptionId(string grainType) => IdPrefix + grainType;

    public static bool IsSubscribed(GrainTypeManager types, GrainId grainId, StreamId stream) =>
        grainId.Key == stream.Key && types.TryGet(grainId.Type, out var descriptor) && descriptor.ImplicitStreamNamespaces.Contains(stream.Namespace);

    public static IReadOnlyList<StreamSubscriptionRecord> For(GrainTypeManager types, string provider, StreamId stream)
    {
        List<StreamSubscriptionRecord>? records = null;
        foreach (var descriptor in types.All)
        {
            if (descriptor.ImplicitStreamNamespaces.Contains(stream.Namespace))
            {
                (records ??= []).Add(new StreamSubscriptionRecord(
                    provider, stream, SubscriptionId(descriptor.GrainType), new GrainId(descriptor.GrainType, stream.Key), Checkpoint: 0));
            }
        }

        return (IReadOnlyList<StreamSubscriptionRecord>?)records ?? [];
    }
}
