using OrderGrains.Runtime.Catalog;

namespace OrderGrains.Runtime.Streams;

/// <summary>Finds the grain activation that is subscribing (subscriptions belong to grains).</summary>
internal static class StreamScope
{
    public static ActivationData CurrentActivation(string operation) =>
        RuntimeContext.Current as ActivationData
        ?? throw new InvalidOperationException($"{operation} must be called from grain code: durable subscriptions belong to a grain.");
}
