using System.Threading.Channels;
using OrderGrains.Runtime.Storage;

namespace OrderGrains.Runtime.Tests.Persistence;

/// <summary>
/// A real store whose write transactions a test can hold, observe and fail: everything else passes straight through.
/// </summary>
public sealed class ControllableRuntimeStore(IRuntimeStore inner) : IRuntimeStore
{
    private readonly Channel<HeldWrite> _held = Channel.CreateUnbounded<HeldWrite>();
    private readonly List<string[]> _batches = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<HeldWrite> _allHeld = new();
    private int _running;
    private int _maxRunning;

    /// <summary>When set, each write transaction waits until the test releases or fails it (see <see cref="NextHeldAsync"/>).</summary>
    public bool HoldWrites { get; set; }

    /// <summary>When set, write transactions throw (nothing applied), like a database that went away.</summary>
    public bool FailWrites { get; set; }

    /// <summary>The write transactions asked of the store, each as "grain key/state name" per write, in call order.</summary>
    public IReadOnlyList<string[]> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>The most write transactions that ran at once.</summary>
    public int MaxConcurrentWrites => Volatile.Read(ref _maxRunning);

    public string Name => inner.Name;

    /// <summary>The next write transaction held by <see cref="HoldWrites"/>.</summary>
    public async Task<HeldWrite> NextHeldAsync() =>
        await _held.Reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Stops holding and lets every held transaction run (so a test that failed midway can still shut its silo down).</summary>
    public void ReleaseAll()
    {
        HoldWrites = false;
        foreach (var held in _allHeld)
        {
            held.Release();
        }
    }

    public async Task WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            lock (_batches)
            {
                _batches.Add([.. writes.Select(w => $"{w.GrainId.Key}/{w.StateName}")]);
            }

            var fail = FailWrites;
            if (HoldWrites)
            {
                var held = new HeldWrite(writes);
                _allHeld.Enqueue(held);
                _held.Writer.TryWrite(held);
                fail |= await held.Outcome;
            }

            if (fail)
            {
                throw new InvalidOperationException("Injected storage failure.");
            }

            await inner.WriteAsync(writes, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<StoredState?> ReadStateAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(grainId, stateName, cancellationToken);

    public Task<IReadOnlyList<StreamSubscriptionRecord>> GetSubscriptionsAsync(string provider, StreamId stream, CancellationToken cancellationToken) =>
        inner.GetSubscriptionsAsync(provider, stream, cancellationToken);

    public Task UpsertSubscriptionAsync(StreamSubscriptionRecord subscription, bool rewind, CancellationToken cancellationToken) =>
        inner.UpsertSubscriptionAsync(subscription, rewind, cancellationToken);

    public Task DeleteSubscriptionAsync(string provider, StreamId stream, string subscriptionId, CancellationToken cancellationToken) =>
        inner.DeleteSubscriptionAsync(provider, stream, subscriptionId, cancellationToken);

    public Task<IReadOnlyList<StreamBacklog>> GetBacklogAsync(string provider, int limit, CancellationToken cancellationToken) =>
        inner.GetBacklogAsync(provider, limit, cancellationToken);

    public Task<IReadOnlyList<StoredStreamEvent>> ReadStreamAsync(string provider, StreamId stream, long afterSequence, int limit, CancellationToken cancellationToken) =>
        inner.ReadStreamAsync(provider, stream, afterSequence, limit, cancellationToken);

    public Task<long> GetStreamHeadAsync(string provider, StreamId stream, CancellationToken cancellationToken) =>
        inner.GetStreamHeadAsync(provider, stream, cancellationToken);

    public Task AdvanceCheckpointAsync(string provider, StreamId stream, string subscriptionId, long sequence, CancellationToken cancellationToken) =>
        inner.AdvanceCheckpointAsync(provider, stream, subscriptionId, sequence, cancellationToken);

    public Task DeadLetterAsync(DeadLetterRecord deadLetter, CancellationToken cancellationToken) => inner.DeadLetterAsync(deadLetter, cancellationToken);

    public Task<IReadOnlyList<DeadLetterRecord>> GetDeadLettersAsync(string provider, int limit, CancellationToken cancellationToken) =>
        inner.GetDeadLettersAsync(provider, limit, cancellationToken);

    public Task UpsertReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken) => inner.UpsertReminderAsync(reminder, cancellationToken);

    public Task UpsertReminderAsync(ReminderRecord reminder, StoreFence? fence, CancellationToken cancellationToken) =>
        inner.UpsertReminderAsync(reminder, fence, cancellationToken);

    public Task<bool> DeleteReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        inner.DeleteReminderAsync(grainId, name, cancellationToken);

    public Task<bool> DeleteReminderAsync(GrainId grainId, string name, StoreFence? fence, CancellationToken cancellationToken) =>
        inner.DeleteReminderAsync(grainId, name, fence, cancellationToken);

    public Task<IReadOnlyList<ReminderRecord>> GetRemindersAsync(GrainId grainId, CancellationToken cancellationToken) =>
        inner.GetRemindersAsync(grainId, cancellationToken);

    public Task<IReadOnlyList<ReminderRecord>> GetAllRemindersAsync(CancellationToken cancellationToken) => inner.GetAllRemindersAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}

/// <summary>A write transaction waiting for the test.</summary>
public sealed class HeldWrite(IReadOnlyList<StoreWrite> writes)
{
    private readonly TaskCompletionSource<bool> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The writes of the transaction, "grain key/state name" each.</summary>
    public IReadOnlyList<string> Writes { get; } = [.. writes.Select(w => $"{w.GrainId.Key}/{w.StateName}")];

    /// <summary>True when the transaction moves a stream subscription's checkpoint.</summary>
    public bool AdvancesCheckpoints { get; } = writes.Any(w => w.Kind == StoreWriteKind.Checkpoint);

    internal Task<bool> Outcome => _outcome.Task;

    /// <summary>Lets the transaction run against the real store.</summary>
    public void Release() => _outcome.TrySetResult(false);

    /// <summary>Makes the transaction throw (nothing applied).</summary>
    public void Fail() => _outcome.TrySetResult(true);
}
