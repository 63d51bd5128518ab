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

    /// <summary>
    /// Queues a write of <see cref="State"/> (and <paramref name="events"/>, in the same transaction) without waiting
    /// for it. The silo makes it durable before any write queued after it, and no answer leaves the silo (to a
    /// client, another silo or code outside grains) before it is durable. So a grain may answer its callers at once:
    /// whatever they store because of the answer is stored after it. If the write fails, the activation is
    /// deactivated (its memory holds changes storage does not) and the next call reads the stored state again.
    /// </summary>
    void WriteBehind(IReadOnlyList<StagedStreamEvent>? events = null);

    /// <summary>
    /// A collection of keyed entries of this state, loaded with it, one row per entry (see
    /// <see cref="IPersistentDictionary{TEntry}"/>). A state may have several collections, each under its own
    /// <paramref name="name"/> (letters, digits, '-' and '_'); the first call for a name fixes its entry type. Changes
    /// are stored by the next <see cref="WriteStateAsync(CancellationToken)"/> or <see cref="WriteBehind"/>;
    /// <see cref="ClearStateAsync"/> deletes them all.
    /// </summary>
    IPersistentDictionary<TEntry> GetEntries<TEntry>(string name);

    /// <summary>Deletes the stored state and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
