using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>Turns staged stream events into store appends (adding implicit subscribers); implemented by the streams subsystem.</summary>
internal interface IStreamAppendResolver
{
    /// <summary>Resolves an event staged by a grain that writes to storage <paramref name="storageName"/>.</summary>
    /// <exception cref="InvalidOperationException">The provider is unknown, not persistent, or on another storage.</exception>
    StreamAppend Resolve(StagedStreamEvent staged, string storageName);
}
