namespace OrderGrains.Runtime;

/// <summary>
/// A grain's durable state. Read before <see cref="Grain.OnActivateAsync"/>; every write is checked against the
/// version read (ETag), so a stale activation gets <see cref="InconsistentStateException"/> instead of overwriting.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a new instance until something was stored.</summary>
    TState State { get; set; }

    /// <summary>Version of the stored state this activation knows, or null if none.</summary>
    string? Etag { get; }

    /// <summary>True if a state is stored.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the stored state again.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <see cref="State"/>. Completes only once the write is durable. Writes of many grains (and queued writes of
    /// one grain) may share one database transaction.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version changed since it was read.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <see cref="State"/> and appends <paramref name="events"/> to their persistent streams in the same
    /// transaction (an outbox): either both are stored or neither.
    /// </summary>
    Task WriteStateAsync(IReadOnlyList<StagedStreamEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
