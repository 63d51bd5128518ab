using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>
/// A write waiting for the group committer. Writers that coalesce into it share its outcome: all of them are
/// answered once the one transaction carrying it is durable.
/// </summary>
internal sealed class PendingWrite(GrainId grainId, string stateName, StoreWriteKind kind, byte[]? payload, IPendingWriteOwner? owner)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<StreamAppend>? _events;
    private Dictionary<string, byte[]?>? _entries;
    private readonly object _gate = new();
    private bool _taken;

    public GrainId GrainId { get; } = grainId;

    public string StateName { get; } = stateName;

    public StoreWriteKind Kind { get; } = kind;

    public byte[]? Payload { get; private set; } = payload;

    public long? ExpectedVersion { get; set; }

    /// <summary>Position in the committer's queue (set when queued).</summary>
    public long Sequence { get; set; }

    /// <summary>The checkpoint of a <see cref="StoreWriteKind.Checkpoint"/> write.</summary>
    public CheckpointAdvance? Checkpoint { get; init; }

    /// <summary>The partition lease the write depends on (database cluster).</summary>
    public StoreFence? Fence { get; init; }

    public IReadOnlyList<StreamAppend> Events => (IReadOnlyList<StreamAppend>?)_events ?? [];

    public Task Completion => _completion.Task;

    public void AddEvents(IReadOnlyList<StreamAppend> events)
    {
        if (events.Count > 0)
        {
            (_events ??= []).AddRange(events);
        }
    }

    /// <summary>Adds entry changes; a later change to a key replaces an earlier one.</summary>
    public void AddEntries(IReadOnlyList<EntryChange> changes)
    {
        foreach (var change in changes)
        {
            (_entries ??= new(StringComparer.Ordinal))[change.Key] = change.Payload;
        }
    }

    /// <summary>
    /// Folds a later write of the same kind into this one (it carries all earlier changes too), unless the committer
    /// has already taken this one into a transaction.
    /// </summary>
    public bool TryCoalesce(byte[]? payload, IReadOnlyList<StreamAppend> events, IReadOnlyList<EntryChange> entries)
    {
        lock (_gate)
        {
            if (_taken)
            {
                return false;
            }

            Payload = payload;
            AddEvents(events);
            AddEntries(entries);
            return true;
        }
    }

    /// <summary>Called by the committer when the write goes into a transaction: it can no longer change.</summary>
    public StoreWrite Take()
    {
        lock (_gate)
        {
            _taken = true;
            return new()
            {
                GrainId = GrainId,
                StateName = StateName,
                Kind = Kind,
                Payload = Payload,
                ExpectedVersion = ExpectedVersion,
                Events = Events,
                EntryChanges = _entries is null ? [] : [.. _entries.Select(e => new EntryChange(e.Key, e.Value))],
                Fence = Fence,
                Checkpoint = Checkpoint,
            };
        }
    }

    /// <summary>The error of a write rejected by its fence.</summary>
    public static PartitionLeaseLostException LeaseLost(GrainId grainId, StoreFence? fence) => new(
        $"The write of {grainId} was rejected: this silo no longer holds the lease of partition {fence?.Partition} (epoch {fence?.Epoch}); nothing was written.");

    /// <summary>Fails the writers without consulting the owner (the owner abandoned this write).</summary>
    public void Abandon(Exception reason) => _completion.TrySetException(reason);

    /// <summary>Called by the committer with the store's outcome (or the batch's failure).</summary>
    public void Complete(StoreWrite? write, Exception? failure)
    {
        var outcome = owner is not null
            ? owner.OnWriteCompleted(this, write, failure)
            : failure ?? (write?.Outcome == StoreWriteOutcome.Fenced ? LeaseLost(GrainId, Fence) : null);
        if (outcome is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(outcome);
        }
    }
}

/// <summary>The state slot that issued a write; it updates its version and decides the writers' outcome.</summary>
internal interface IPendingWriteOwner
{
    /// <summary>Returns the exception for the writers, or null on success.</summary>
    Exception? OnWriteCompleted(PendingWrite pending, StoreWrite? write, Exception? failure);
}
