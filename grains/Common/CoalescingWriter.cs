namespace OrderGrains.Grains;

/// <summary>
/// Writes the state of a reentrant grain so that the changes of many concurrent requests share one serialization
/// and one durable write: a change made while a write is in flight joins the next write, which starts (and
/// serializes the state once) when the one in flight has finished. A request awaiting <see cref="WriteAsync(IReadOnlyList{StagedStreamEvent})"/> is
/// answered only after a write that contains its change is durable. Call only from the grain's turns.
/// </summary>
internal sealed class CoalescingWriter<TState>(IPersistentState<TState> state)
{
    private Batch? _open;
    private Task _latest = Task.CompletedTask;

    /// <summary>True when nothing is waiting to be written or being written.</summary>
    public bool IsIdle => _open is null && _latest.IsCompleted;

    /// <summary>Makes the changes made so far durable, together with <paramref name="streamEvent"/> (if any).</summary>
    public Task WriteAsync(StagedStreamEvent? streamEvent = null) => WriteAsync(streamEvent is null ? [] : [streamEvent]);

    /// <summary>Makes the changes made so far durable, together with <paramref name="streamEvents"/> (outbox).</summary>
    public Task WriteAsync(IReadOnlyList<StagedStreamEvent> streamEvents)
    {
        if (_open is { } open)
        {
            open.Events.AddRange(streamEvents);
            return open.Completion;
        }

        var batch = new Batch();
        batch.Events.AddRange(streamEvents);

        _open = batch;
        batch.Completion = RunAsync(batch, _latest);
        _latest = batch.Completion;
        return batch.Completion;
    }

    /// <summary>Completes when every write started so far has finished (successfully or not: each caller sees its own outcome).</summary>
    public Task WhenWrittenAsync() => _latest.IsCompleted ? Task.CompletedTask : Task.WhenAny(_latest);

    private async Task RunAsync(Batch batch, Task previous)
    {
        if (!previous.IsCompleted)
        {
            // Each write must present the version the previous one produced; its failure is reported to its own callers.
            await Task.WhenAny(previous);
        }

        if (ReferenceEquals(_open, batch))
        {
            _open = null;
        }

        await state.WriteStateAsync(batch.Events);
    }

    private sealed class Batch
    {
        public List<StagedStreamEvent> Events { get; } = [];

        public Task Completion { get; set; } = Task.CompletedTask;
    }
}
