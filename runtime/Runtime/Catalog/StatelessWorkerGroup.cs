using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Catalog;

/// <summary>
/// The local activations of one stateless worker identity: a request goes to an idle worker, or to a new one while
/// fewer than the maximum exist, or else to the worker with the shortest mailbox.
/// </summary>
internal sealed class StatelessWorkerGroup(GrainId grainId, GrainClassDescriptor descriptor, int maxLocal, SiloRuntime runtime)
{
    private readonly int _max = maxLocal > 0 ? maxLocal : Environment.ProcessorCount;
    private readonly object _lock = new();
    private ActivationData[] _workers = [];
    private bool _stopped;

    public int Count => Volatile.Read(ref _workers).Length;

    public IEnumerable<ActivationData> Activations => Volatile.Read(ref _workers);

    public bool TryDispatch(GrainRequest request)
    {
        while (true)
        {
            ActivationData? target = null;
            var workers = Volatile.Read(ref _workers);
            var best = int.MaxValue;
            foreach (var worker in workers)
            {
                var length = worker.MailboxLength;
                if (length < best && worker.State == ActivationState.Valid)
                {
                    best = length;
                    target = worker;
                }
            }

            if (target is null || (best > 0 && workers.Length < _max))
            {
                lock (_lock)
                {
                    if (_stopped)
                    {
                        return false;
                    }

                    if (_workers.Length < _max)
                    {
                        target = runtime.CreateActivation(grainId, descriptor);
                        _workers = [.. _workers, target];
                    }
                    else
                    {
                        target ??= _workers[0];
                    }
                }
            }

            if (target.TryEnqueue(request))
            {
                target.EnsureStarted();
                return true;
            }

            Remove(target);
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock)
        {
            _workers = [.. _workers.Where(w => w != worker)];
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }
}
