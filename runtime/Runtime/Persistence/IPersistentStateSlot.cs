namespace OrderGrains.Runtime.Persistence;

/// <summary>A persistent state bound to an activation; read before OnActivateAsync.</summary>
internal interface IPersistentStateSlot
{
    Task ReadStateAsync(CancellationToken cancellationToken);

    /// <summary>Completes when every write this state queued has finished, stored or not (never faults).</summary>
    Task WhenWrittenAsync();
}
