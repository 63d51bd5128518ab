using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Internal;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Persistence;

/// <summary>Binds persistent states to stores and owns one group committer per store.</summary>
internal sealed class PersistenceManager(
    StoreRegistry stores, IOptions<SiloOptions> options, RuntimeInstruments instruments, ILoggerFactory loggerFactory, IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, GroupCommitter> _committers = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger("OrderGrains.Runtime.Persistence");
    private GroupCommitter[] _all = [];
    private long _failures;
    private StorageUnavailableException? _lastFailure;

    public StoreRegistry Stores => stores;

    /// <summary>The store whose writes carry partition fences (a database cluster's storage); null outside one.</summary>
    public string? FencedStoreName { get; set; }

    /// <summary>Resolves the current fence of a grain's partition (set by a database cluster).</summary>
    public Func<GrainId, StoreFence?>? CurrentFence { get; set; }

    public PersistentState<TState> CreateState<TState>(ActivationData activation, string stateName, string? storageName)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var typeInfo = (JsonTypeInfo<TState>)options.Value.SerializerOptions.GetTypeInfo(typeof(TState));
        return new PersistentState<TState>(activation, stateName, GetCommitter(storageName), typeInfo, this);
    }

    public JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)options.Value.SerializerOptions.GetTypeInfo(typeof(T));

    public GroupCommitter GetCommitter(string? storageName)
    {
        var registration = stores.Get(storageName);
        if (_committers.TryGetValue(registration.Store.Name, out var existing))
        {
            return existing;
        }

        lock (_committers)
        {
            var committer = _committers.GetOrAdd(registration.Store.Name, _ =>
            {
                var created = new GroupCommitter(registration.Store, options.Value.MaxWriteBatchSize, instruments, _logger);
                created.Failed += OnBatchFailed;
                return created;
            });
            _all = [.. _committers.Values];
            return committer;
        }
    }

    /// <summary>True when every write queued so far has finished (the cheap check before <see cref="WhenDurable()"/>).</summary>
    public bool IsCaughtUp
    {
        get
        {
            foreach (var committer in Volatile.Read(ref _all))
            {
                if (!committer.IsCaughtUp)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Completes when every write queued before the call is durable: the barrier before an answer leaves the silo.
    /// Faults with <see cref="StorageUnavailableException"/> if a write it covers failed.
    /// </summary>
    public Task WhenDurable()
    {
        var all = Volatile.Read(ref _all);
        return all.Length switch
        {
            0 => Task.CompletedTask,
            1 => all[0].WhenDurable(),
            _ => Task.WhenAll(all.Select(c => c.WhenDurable())),
        };
    }

    public Task<StoredState?> ReadAsync(string storeName, GrainId grainId, string stateName, CancellationToken cancellationToken) =>
        stores.Get(storeName).Store.ReadStateAsync(grainId, stateName, cancellationToken);

    public IReadOnlyList<StreamAppend> ResolveEvents(IReadOnlyList<StagedStreamEvent> events, string storeName)
    {
        var resolver = services.GetService<IStreamAppendResolver>()
            ?? throw new InvalidOperationException("No persistent stream provider is configured, so events cannot be written with state.");
        var appends = new StreamAppend[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            appends[i] = resolver.Resolve(events[i], storeName);
        }

        return appends;
    }

    /// <summary>Failed write transactions so far, on every store. A call notes it on entry (see <see cref="WhenDurable(long)"/>).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// True if the answer to a call that entered when <see cref="Failures"/> was <paramref name="failuresAtEntry"/> must
    /// pass <see cref="WhenDurable(long)"/>: writes are still queued, or one failed since the call entered.
    /// </summary>
    public bool MustWaitForDurability(long failuresAtEntry) => !IsCaughtUp || Failures != failuresAtEntry;

    /// <summary>
    /// The barrier for an answer to a call that entered when <see cref="Failures"/> was <paramref name="failuresAtEntry"/>:
    /// like <see cref="WhenDurable()"/>, and also faults if a write failed since then, even one that had finished
    /// failing before the answer was ready (the answer may depend on it).
    /// </summary>
    public async Task WhenDurable(long failuresAtEntry)
    {
        await WhenDurable().ConfigureAwait(false);
        ThrowIfFailedSince(failuresAtEntry);
    }

    /// <summary>
    /// Refuses a write made by a call that entered the silo before a write transaction failed: what the call saw in
    /// grain memory may include what that transaction lost, so nothing it writes from now on may be stored. A fresh
    /// call (a retry) writes normally.
    /// </summary>
    /// <exception cref="StorageUnavailableException">A write failed since the current call entered.</exception>
    public void ThrowIfCallOutlivedAFailure()
    {
        if (ActivationScope.CurrentTurn.Value is GrainRequest request)
        {
            ThrowIfFailedSince(request.StorageFailuresAtEntry);
        }
    }

    private void ThrowIfFailedSince(long failuresAtEntry)
    {
        if (Failures != failuresAtEntry && Volatile.Read(ref _lastFailure) is { } failure)
        {
            throw new StorageUnavailableException(failure.StorageName, failure.InnerException ?? failure);
        }
    }

    private void OnBatchFailed(StorageUnavailableException failure)
    {
        Volatile.Write(ref _lastFailure, failure);
        Interlocked.Increment(ref _failures);
    }

    /// <summary>Appends events that are not part of a state write; completes when they are durable.</summary>
    public Task AppendEventsAsync(string storeName, GrainId publisher, IReadOnlyList<StreamAppend> events)
    {
        ThrowIfCallOutlivedAFailure();
        var pending = new PendingWrite(publisher, string.Empty, StoreWriteKind.EventsOnly, null, owner: null)
        {
            Fence = storeName == FencedStoreName ? CurrentFence?.Invoke(publisher) : null,
        };
        pending.AddEvents(events);
        GetCommitter(storeName).Enqueue(pending);
        return pending.Completion;
    }

    /// <summary>
    /// Moves a subscription's checkpoint forward in the group commit: queued behind what the subscriber stored while
    /// handling the events, so it is never durable before that. Completes when durable.
    /// </summary>
    public Task AdvanceCheckpointAsync(string storeName, GrainId subscriber, CheckpointAdvance advance)
    {
        var pending = new PendingWrite(subscriber, string.Empty, StoreWriteKind.Checkpoint, null, owner: null) { Checkpoint = advance };
        GetCommitter(storeName).Enqueue(pending);
        return pending.Completion;
    }

    /// <summary>Waits until every queued write is durable.</summary>
    public async Task DrainAsync()
    {
        try
        {
            await WhenDurable().ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // Drained all the same: the failed writes were answered with the failure.
        }
    }
}
