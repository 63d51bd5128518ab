namespace OrderGrains.Runtime.Storage;

/// <summary>
/// The durable store of the runtime for one database: grain states, persistent streams (events, subscriptions,
/// checkpoints, dead letters) and reminders. One implementation per ADO.NET dialect (SQLite, PostgreSQL), SQL as
/// embedded resources. All members are safe to call concurrently.
/// </summary>
public interface IRuntimeStore : IAsyncDisposable
{
    /// <summary>The configured storage name (e.g. "Default").</summary>
    string Name { get; }

    /// <summary>Creates the schema or migrates it to the current version. Safe when several processes start at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads a grain state; null if never written.</summary>
    Task<StoredState?> ReadStateAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Applies all <paramref name="writes"/> in one database transaction and sets each write's outcome. A write whose
    /// version check fails is <see cref="StoreWriteOutcome.Conflict"/> and none of its effects (state or events) are
    /// applied; the others still commit. Throws only when the transaction as a whole failed (nothing applied).
    /// </summary>
    Task WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken);

    /// <summary>Subscriptions of a stream.</summary>
    Task<IReadOnlyList<StreamSubscriptionRecord>> GetSubscriptionsAsync(string provider, StreamId stream, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a subscription. If it exists, its subscriber is kept and its checkpoint is set to
    /// <see cref="StreamSubscriptionRecord.Checkpoint"/> only when <paramref name="rewind"/> is true.
    /// </summary>
    Task UpsertSubscriptionAsync(StreamSubscriptionRecord subscription, bool rewind, CancellationToken cancellationToken);

    /// <summary>Removes a subscription; no error if absent.</summary>
    Task DeleteSubscriptionAsync(string provider, StreamId stream, string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Subscriptions of <paramref name="provider"/> whose checkpoint is behind their stream's head, oldest work first.</summary>
    Task<IReadOnlyList<StreamBacklog>> GetBacklogAsync(string provider, int limit, CancellationToken cancellationToken);

    /// <summary>Events of a stream with sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<StoredStreamEvent>> ReadStreamAsync(string provider, StreamId stream, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The last sequence number of a stream; 0 if it has no events.</summary>
    Task<long> GetStreamHeadAsync(string provider, StreamId stream, CancellationToken cancellationToken);

    /// <summary>Moves a subscription's checkpoint forward to <paramref name="sequence"/> (never backward).</summary>
    Task AdvanceCheckpointAsync(string provider, StreamId stream, string subscriptionId, long sequence, CancellationToken cancellationToken);

    /// <summary>Stores a dead letter and moves the subscription's checkpoint past it, in one transaction.</summary>
    Task DeadLetterAsync(DeadLetterRecord deadLetter, CancellationToken cancellationToken);

    /// <summary>Dead letters of a provider, newest first.</summary>
    Task<IReadOnlyList<DeadLetterRecord>> GetDeadLettersAsync(string provider, int limit, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a reminder.</summary>
    Task UpsertReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces a reminder only while <paramref name="fence"/> holds (in the same transaction); throws
    /// <see cref="PartitionLeaseLostException"/> otherwise. A null fence is not checked.
    /// </summary>
    Task UpsertReminderAsync(ReminderRecord reminder, StoreFence? fence, CancellationToken cancellationToken);

    /// <summary>Deletes a reminder; false if it did not exist.</summary>
    Task<bool> DeleteReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>Deletes a reminder only while <paramref name="fence"/> holds; false if it did not exist.</summary>
    Task<bool> DeleteReminderAsync(GrainId grainId, string name, StoreFence? fence, CancellationToken cancellationToken);

    /// <summary>Reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderRecord>> GetRemindersAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>All reminders.</summary>
    Task<IReadOnlyList<ReminderRecord>> GetAllRemindersAsync(CancellationToken cancellationToken);
}

/// <summary>A stored grain state.</summary>
/// <param name="Payload">Serialized state; null when the state was cleared (the row is kept so versions never repeat).</param>
/// <param name="Version">Version of the row; the next write must present it.</param>
public sealed record StoredState(byte[]? Payload, long Version)
{
    /// <summary>The state's keyed entries (rows beside the state row), in no particular order.</summary>
    public IReadOnlyList<StoredEntry> Entries { get; init; } = [];
}

/// <summary>One keyed entry of a grain state.</summary>
/// <param name="Key">The entry's key, unique within the state.</param>
/// <param name="Payload">The serialized entry.</param>
public sealed record StoredEntry(string Key, byte[] Payload);

/// <summary>A change to one keyed entry, applied with its state write.</summary>
/// <param name="Key">The entry's key.</param>
/// <param name="Payload">The serialized entry, or null to delete it.</param>
public sealed record EntryChange(string Key, byte[]? Payload);

/// <summary>What a <see cref="StoreWrite"/> does to the grain state row.</summary>
public enum StoreWriteKind
{
    /// <summary>Insert or update the state.</summary>
    Upsert,

    /// <summary>Clear the state (payload null, version advanced).</summary>
    Clear,

    /// <summary>Only append events; no state row is touched.</summary>
    EventsOnly,

    /// <summary>Only move a stream subscription's checkpoint forward (<see cref="StoreWrite.Checkpoint"/>).</summary>
    Checkpoint,
}

/// <summary>A subscription's checkpoint moved forward (never backward) with a batch of writes.</summary>
/// <param name="Provider">Stream provider name.</param>
/// <param name="Stream">The stream.</param>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="Sequence">Last sequence delivered.</param>
public sealed record CheckpointAdvance(string Provider, StreamId Stream, string SubscriptionId, long Sequence);

/// <summary>Outcome of one <see cref="StoreWrite"/>.</summary>
public enum StoreWriteOutcome
{
    /// <summary>Not applied yet.</summary>
    Pending,

    /// <summary>Durable.</summary>
    Committed,

    /// <summary>The expected version did not match; nothing of this write was applied.</summary>
    Conflict,

    /// <summary>The write's <see cref="StoreWrite.Fence"/> no longer held (its partition lease was lost); nothing was applied.</summary>
    Fenced,
}

/// <summary>One grain's write within a batch, with its outcome.</summary>
public sealed class StoreWrite
{
    /// <summary>The grain.</summary>
    public required GrainId GrainId { get; init; }

    /// <summary>The state name within the grain (ignored for <see cref="StoreWriteKind.EventsOnly"/>).</summary>
    public required string StateName { get; init; }

    /// <summary>What to do with the state row.</summary>
    public required StoreWriteKind Kind { get; init; }

    /// <summary>The serialized state for <see cref="StoreWriteKind.Upsert"/>.</summary>
    public byte[]? Payload { get; set; }

    /// <summary>
    /// Version the writer read: null means no row may exist yet (insert); otherwise the row must have this version.
    /// </summary>
    public long? ExpectedVersion { get; set; }

    /// <summary>Events appended in the same transaction, in order.</summary>
    public IReadOnlyList<StreamAppend> Events { get; init; } = [];

    /// <summary>The checkpoint a <see cref="StoreWriteKind.Checkpoint"/> write moves.</summary>
    public CheckpointAdvance? Checkpoint { get; init; }

    /// <summary>
    /// Changes to the state's keyed entries, applied only if the state row's version check passes
    /// (<see cref="StoreWriteKind.Upsert"/>; a <see cref="StoreWriteKind.Clear"/> deletes every entry).
    /// </summary>
    public IReadOnlyList<EntryChange> EntryChanges { get; init; } = [];

    /// <summary>
    /// The partition lease the writer holds, checked in the write's own transaction: when it no longer holds, the
    /// write is <see cref="StoreWriteOutcome.Fenced"/> and nothing of it is applied. Null for a silo outside a
    /// database cluster.
    /// </summary>
    public StoreFence? Fence { get; init; }

    /// <summary>Set by the store.</summary>
    public StoreWriteOutcome Outcome { get; set; }

    /// <summary>Set by the store on commit: the row's new version (for <see cref="StoreWriteKind.EventsOnly"/>, 0).</summary>
    public long NewVersion { get; set; }

    /// <summary>Set by the store on commit: the sequence number given to each of <see cref="Events"/>.</summary>
    public long[] EventSequences { get; set; } = [];
}

/// <summary>An event to append to a persistent stream.</summary>
/// <param name="Provider">Stream provider name.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="ImplicitSubscribers">
/// Subscriptions that must exist for the stream (implicit subscribers); created with checkpoint 0 if absent,
/// in the same transaction.
/// </param>
public sealed record StreamAppend(string Provider, StreamId Stream, ReadOnlyMemory<byte> Payload, IReadOnlyList<StreamSubscriptionRecord> ImplicitSubscribers);

/// <summary>An event stored in a persistent stream.</summary>
public sealed record StoredStreamEvent(long Sequence, byte[] Payload, DateTimeOffset CreatedAt);

/// <summary>A durable subscription of a grain to a stream, with its checkpoint (last sequence delivered; 0 = none).</summary>
public sealed record StreamSubscriptionRecord(string Provider, StreamId Stream, string SubscriptionId, GrainId Subscriber, long Checkpoint);

/// <summary>A subscription that has undelivered events.</summary>
public sealed record StreamBacklog(StreamSubscriptionRecord Subscription, long Head);

/// <summary>An event that could not be delivered to a subscription.</summary>
public sealed record DeadLetterRecord(
    string Provider, StreamId Stream, string SubscriptionId, GrainId Subscriber, long Sequence, byte[] Payload, int Attempts, string Error, DateTimeOffset FailedAt);

/// <summary>A durable reminder.</summary>
public sealed record ReminderRecord(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period);

/// <summary>
/// A partition lease as its holder knows it: the write it guards commits only if the lease row still names
/// <paramref name="OwnerId"/> with <paramref name="Epoch"/> and has not expired by the database clock.
/// </summary>
/// <param name="Partition">The partition.</param>
/// <param name="Epoch">The lease epoch (incremented on every change of owner).</param>
/// <param name="OwnerId">The silo id of the holder.</param>
public sealed record StoreFence(int Partition, long Epoch, string OwnerId);
