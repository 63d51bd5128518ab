using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>
/// A named persistent state of one activation. Serializes inside the grain's turn and queues the write to the group
/// committer at once, so writes are ordered with every other write of the silo. Each write presents the version the
/// write before it will produce (versions advance by one); a write not yet taken into a transaction absorbs the
/// next one of the same kind. Any failed write deactivates the activation: its memory is then ahead of storage.
/// </summary>
internal sealed class PersistentState<TState>(
    ActivationData activation, string stateName, GroupCommitter committer, JsonTypeInfo<TState> typeInfo, PersistenceManager manager)
    : IPersistentState<TState>, IPersistentStateSlot, IPendingWriteOwner
{
    private readonly object _lock = new();
    private PendingWrite? _tail;
    private IReadOnlyList<StoredEntry> _storedEntries = [];
    private Dictionary<string, IEntryChangeSource>? _collections;
    private long? _version;
    private long? _nextExpected;
    private bool _recordExists;

    public TState State { get; set; } = CreateEmpty();

    public string? Etag
    {
        get
        {
            lock (_lock)
            {
                return _version?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    public bool RecordExists
    {
        get
        {
            lock (_lock)
            {
                return _recordExists;
            }
        }
    }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await manager.ReadAsync(committer.StoreName, activation.GrainId, stateName, cancellationToken);
        var state = stored?.Payload is { } payload ? JsonSerializer.Deserialize(payload, typeInfo) ?? CreateEmpty() : CreateEmpty();
        lock (_lock)
        {
            _version = stored?.Version;
            _nextExpected = _version;
            _recordExists = stored?.Payload is not null;
        }

        _storedEntries = stored?.Entries ?? [];
        _collections = null;
        State = state;
    }

    public Task WhenWrittenAsync()
    {
        // Writes finish in queue order, so the last one queued finishing means they all have.
        Task? last;
        lock (_lock)
        {
            last = _tail?.Completion;
        }

        return last is null || last.IsCompleted ? Task.CompletedTask : Task.WhenAny(last);
    }

    public IPersistentDictionary<TEntry> GetEntries<TEntry>(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Entry collection name '{name}' may only contain letters, digits, '-' and '_'.", nameof(name));
        }

        _collections ??= new(StringComparer.Ordinal);
        if (!_collections.TryGetValue(name, out var collection))
        {
            var prefix = name + "/";
            var stored = _storedEntries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e with { Key = e.Key[prefix.Length..] }).ToList();
            collection = new PersistentDictionary<TEntry>(prefix, stored, manager.GetTypeInfo<TEntry>());
            _collections[name] = collection;
        }

        return collection as IPersistentDictionary<TEntry>
            ?? throw new InvalidOperationException($"Entry collection '{name}' of state '{stateName}' of {activation.GrainId} was already opened with another entry type.");
    }

    private IReadOnlyList<EntryChange> TakeEntryChanges()
    {
        if (_collections is null)
        {
            return [];
        }

        List<EntryChange>? changes = null;
        foreach (var collection in _collections.Values)
        {
            var taken = collection.TakeChanges();
            if (taken.Count > 0)
            {
                (changes ??= []).AddRange(taken);
            }
        }

        return (IReadOnlyList<EntryChange>?)changes ?? [];
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => WriteStateAsync([], cancellationToken);

    public Task WriteStateAsync(IReadOnlyList<StagedStreamEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, typeInfo);
        var appends = events.Count == 0 ? [] : manager.ResolveEvents(events, committer.StoreName);
        return Enqueue(StoreWriteKind.Upsert, payload, appends, TakeEntryChanges());
    }

    public void WriteBehind(IReadOnlyList<StagedStreamEvent>? events = null) =>
        WriteStateAsync(events ?? []).ContinueWith(
            static (task, _) => _ = task.Exception,
            null,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_collections is not null)
        {
            foreach (var collection in _collections.Values)
            {
                collection.Reset();
            }
        }

        await Enqueue(StoreWriteKind.Clear, null, [], []);
        State = CreateEmpty();
    }

    private Task Enqueue(StoreWriteKind kind, byte[]? payload, IReadOnlyList<StreamAppend> events, IReadOnlyList<EntryChange> entries)
    {
        try
        {
            manager.ThrowIfCallOutlivedAFailure();
        }
        catch (StorageUnavailableException refused)
        {
            // The call changed this activation's memory on what may have been lost: only a fresh activation may serve it.
            activation.Deactivate(new DeactivationReason(DeactivationReasonCode.StorageFailed, refused.Message));
            throw;
        }

        PendingWrite pending;
        lock (_lock)
        {
            if (_tail is { } tail && tail.Kind == kind && tail.TryCoalesce(payload, events, entries))
            {
                return tail.Completion;
            }

            pending = new PendingWrite(activation.GrainId, stateName, kind, payload, this)
            {
                Fence = committer.StoreName == manager.FencedStoreName ? activation.Fence : null,
                ExpectedVersion = _nextExpected,
            };
            pending.AddEvents(events);
            pending.AddEntries(entries);

            // Insert gives 1, update and clear add one; clearing what was never stored leaves nothing.
            _nextExpected = kind == StoreWriteKind.Upsert ? (_nextExpected ?? 0) + 1 : _nextExpected + 1;
            _tail = pending;

            // Queued under the lock: the order of this grain's writes in the committer is the order they were made.
            committer.Enqueue(pending);
        }

        return pending.Completion;
    }

    Exception? IPendingWriteOwner.OnWriteCompleted(PendingWrite pending, StoreWrite? write, Exception? failure)
    {
        Exception? result = failure;
        lock (_lock)
        {
            if (ReferenceEquals(_tail, pending))
            {
                _tail = null;
            }

            if (failure is null && write is { Outcome: StoreWriteOutcome.Committed })
            {
                _version = pending.Kind == StoreWriteKind.Clear && pending.ExpectedVersion is null ? null : write.NewVersion;
                _recordExists = pending.Kind == StoreWriteKind.Upsert;
            }
            else if (failure is null && write?.Outcome == StoreWriteOutcome.Fenced)
            {
                result = PendingWrite.LeaseLost(activation.GrainId, pending.Fence);
            }
            else if (failure is null)
            {
                result = new InconsistentStateException(activation.GrainId, stateName, pending.ExpectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (result is not null)
        {
            // The writes queued after this one fail too (their expected version never comes), and the memory of this
            // activation holds changes storage does not: only a fresh activation may serve the grain again.
            activation.Deactivate(new DeactivationReason(
                result switch
                {
                    PartitionLeaseLostException => DeactivationReasonCode.PartitionMoved,
                    InconsistentStateException => DeactivationReasonCode.InconsistentState,
                    _ => DeactivationReasonCode.StorageFailed,
                },
                result.Message));
        }

        return result;
    }

    private static TState CreateEmpty() => typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is null
        ? default!
        : Activator.CreateInstance<TState>();
}
