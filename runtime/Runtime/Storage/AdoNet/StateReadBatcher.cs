namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// Reads of grain states that arrive together (a burst of activations) share one round trip: each read joins the
/// queue, and a few readers at a time take everything queued and read it with one array-bound statement.
/// </summary>
/// <param name="readAll">Reads a batch; returns one result per request, in order.</param>
/// <param name="maxConcurrentReads">Batch reads in flight at once.</param>
internal sealed class StateReadBatcher(
    Func<IReadOnlyList<StateReadBatcher.Request>, Task<StoredState?[]>> readAll, int maxConcurrentReads)
{
    private const int MaxBatch = 512;

    private readonly object _lock = new();
    private readonly List<Request> _queued = [];
    private int _running;

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new Request(grainId, stateName);
        bool start;
        lock (_lock)
        {
            _queued.Add(request);
            start = _running < maxConcurrentReads;
            if (start)
            {
                _running++;
            }
        }

        if (start)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        // A cancelled caller stops waiting; the row is still read with its batch.
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            Request[] batch;
            lock (_lock)
            {
                if (_queued.Count == 0)
                {
                    _running--;
                    return;
                }

                var take = Math.Min(_queued.Count, MaxBatch);
                batch = [.. _queued.GetRange(0, take)];
                _queued.RemoveRange(0, take);
            }

            try
            {
                var results = await readAll(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(exception);
                }
            }
        }
    }

    /// <summary>One queued read.</summary>
    internal sealed class Request(GrainId grainId, string stateName)
    {
        public GrainId GrainId { get; } = grainId;

        public string StateName { get; } = stateName;

        public TaskCompletionSource<StoredState?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
