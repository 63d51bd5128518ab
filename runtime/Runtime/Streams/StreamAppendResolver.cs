using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Streams;

/// <summary>Resolves staged events to appends of the persistent provider they name.</summary>
internal sealed class StreamAppendResolver(IEnumerable<IStreamProvider> providers) : IStreamAppendResolver
{
    public StreamAppend Resolve(StagedStreamEvent staged, string storageName)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var provider = providers.FirstOrDefault(p => p.Name == staged.ProviderName)
            ?? throw new InvalidOperationException($"No stream provider named '{staged.ProviderName}' is configured.");
        if (provider is not PersistentStreamProvider persistent)
        {
            throw new InvalidOperationException($"Stream provider '{staged.ProviderName}' is not persistent; only persistent streams can be written with state.");
        }

        if (persistent.StorageName != storageName)
        {
            throw new InvalidOperationException(
                $"Stream provider '{staged.ProviderName}' stores in '{persistent.StorageName}' but the state is in '{storageName}'; an outbox write needs both in one database.");
        }

        return persistent.CreateAppend(staged.StreamId, staged.Payload);
    }
}
