using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>
/// A named persistent state of one activation. Serializes inside the grain's turn, then queues the write to the
/// group committer. While a write is in flight, later writes queue behind it (and coalesce into one), because each
/// must present the version the previous one produced.
/// </summary>
internal sealed class PersistentState<TState>(
    ActivationData activation, string stateName, GroupCommitter committer, JsonTypeInfo<TState> typeInfo, PersistenceManager manager)
    : IPersistentState<TState>, IPersistentStateSlot, IPendingWriteOwner
{
    private readonly object _lock = new();
    private readonly Queue<PendingWrite> _queued = new();
    private PendingWrite? _inFlight;
    private long? _version;
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
            _recordExists = stored?.Payload is not null;
        }

        State = state;
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => WriteStateAsync([], cancellationToken);

    public Task WriteStateAsync(IReadOnlyList<StagedStreamEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, typeInfo);
        var appends = events.Count == 0 ? [] : manager.ResolveEvents(events, committer.StoreName);
        return Enqueue(StoreWriteKind.Upsert, payload, appends);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Enqueue(StoreWriteKind.Clear, null, []);
        State = CreateEmpty();
    }

    private Task Enqueue(StoreWriteKind kind, byte[]? payload, IReadOnlyList<StreamAppend> events)
    {
        PendingWrite? submit = null;
        Task completion;
        lock (_lock)
        {
            if (_queued.Count > 0 && _queued.Last() is { } last && last.Kind == kind)
            {
                last.Coalesce(payload, events);
                return last.Completion;
            }

            var pending = new PendingWrite(activation.GrainId, stateName, kind, payload, this)
            {
                Fence = committer.StoreName == manager.FencedStoreName ? activation.Fence : null,
            };
            pending.AddEvents(events);
            completion = pending.Completion;
            if (_inFlight is null)
            {
                submit = PrepareSubmitLocked(pending);
            }
            else
            {
                _queued.Enqueue(pending);
            }
        }

        if (submit is not null)
        {
            committer.Enqueue(submit);
        }

        return completion;
    }

    private PendingWrite PrepareSubmitLocked(PendingWrite pending)
    {
        pending.ExpectedVersion = _version;
        _inFlight = pending;
        return pending;
    }

    Exception? IPendingWriteOwner.OnWriteCompleted(PendingWrite pending, StoreWrite? write, Exception? failure)
    {
        Exception? result = failure;
        PendingWrite? next = null;
        List<PendingWrite>? abandoned = null;
        lock (_lock)
        {
            _inFlight = null;
            if (failure is null && write is { Outcome: StoreWriteOutcome.Committed })
            {
                _version = pending.Kind == StoreWriteKind.Clear && pending.ExpectedVersion is null ? null : write.NewVersion;
                _recordExists = pending.Kind == StoreWriteKind.Upsert;
            }
            else if (failure is null && write?.Outcome == StoreWriteOutcome.Fenced)
            {
                result = PendingWrite.LeaseLost(activation.GrainId, pending.Fence);
                abandoned = [.. _queued];
                _queued.Clear();
            }
            else if (failure is null)
            {
                result = new InconsistentStateException(activation.GrainId, stateName, pending.ExpectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture));
                abandoned = [.. _queued];
                _queued.Clear();
            }

            if (abandoned is null && _queued.Count > 0)
            {
                next = PrepareSubmitLocked(_queued.Dequeue());
            }
        }

        if (next is not null)
        {
            committer.Enqueue(next);
        }

        if (result is InconsistentStateException or PartitionLeaseLostException)
        {
            foreach (var queued in abandoned!)
            {
                queued.Abandon(result);
            }

            activation.Deactivate(new DeactivationReason(
                result is PartitionLeaseLostException ? DeactivationReasonCode.PartitionMoved : DeactivationReasonCode.InconsistentState, result.Message));
        }

        return result;
    }

    private static TState CreateEmpty() => typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is null
        ? default!
        : Activator.CreateInstance<TState>();
}
