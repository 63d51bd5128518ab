using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Internal;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Scheduling;
using OrderGrains.Runtime.Streams;
using OrderGrains.Runtime.Timers;

namespace OrderGrains.Runtime.Catalog;

/// <summary>
/// One activation of a grain: its instance, its mailbox and its turn scheduler. Requests wait in the mailbox until
/// the reentrancy rules admit them; admitted requests and the continuations of running grain code are executed one
/// at a time on the thread pool, so grain code never runs in parallel with itself.
/// </summary>
internal sealed class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    private static long s_nextActivationId;

    private readonly object _lock = new();
    private readonly Queue<GrainRequest> _waiting = new();
    private readonly Queue<WorkItem> _ready = new();
    private readonly HashSet<GrainRequest> _inFlight = new(ReferenceEqualityComparer.Instance);
    private readonly ActivationSynchronizationContext _syncContext;
    private readonly SiloRuntime _runtime;
    private readonly LifecycleTurn _lifecycleTurn;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<IPersistentStateSlot>? _states;
    private List<GrainTimer>? _timers;
    private ActivationState _state;
    private bool _scheduled;
    private int _inFlightExclusive;
    private DeactivationReason? _pendingDeactivation;
    private long _lastActivity;
    private int _deadlineListed;

    public ActivationData(GrainId grainId, GrainClassDescriptor descriptor, SiloRuntime runtime)
    {
        GrainId = grainId;
        Descriptor = descriptor;
        _runtime = runtime;
        ActivationId = Interlocked.Increment(ref s_nextActivationId);
        _syncContext = new ActivationSynchronizationContext(this);
        _lifecycleTurn = new LifecycleTurn { Target = this };
        _lastActivity = runtime.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    /// <summary>The silo's count of failed write transactions (noted by the turns this activation starts itself).</summary>
    public long StorageFailures => _runtime.Persistence.Failures;

    public long ActivationId { get; }

    public GrainClassDescriptor Descriptor { get; }

    public object? GrainInstance { get; private set; }

    public IServiceProvider ActivationServices => _runtime.Services;

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    /// <summary>Completes when the activation has been removed.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Requests waiting for admission.</summary>
    public int MailboxLength
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    internal ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Timestamp of the last request or keep-alive timer tick.</summary>
    internal long LastActivity => Volatile.Read(ref _lastActivity);

    internal TimeSpan CollectionAge { get; init; }

    /// <summary>The partition lease this activation was created under (database cluster): its writes are fenced by it.</summary>
    internal Storage.StoreFence? Fence { get; init; }

    /// <summary>Stream observers attached by the grain (subscriptions and implicit subscriptions).</summary>
    internal StreamObserverTable StreamObservers => LazyInitializer.EnsureInitialized(ref _streamObservers);

    private StreamObserverTable? _streamObservers;

    // ---- Entry points -------------------------------------------------------------------------------------------

    /// <summary>Queues a request. False if the activation is gone (the caller must route it again).</summary>
    public bool TryEnqueue(GrainRequest request)
    {
        bool schedule;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            if (_state == ActivationState.Valid
                && _pendingDeactivation is null
                && (_waiting.Count == 0 || BypassesQueue(request))
                && CanAdmitLocked(request))
            {
                schedule = AdmitLocked(request);
            }
            else
            {
                _waiting.Enqueue(request);
                schedule = false;
            }
        }

        // Listed once until the deadline scan finds it idle: the scan visits busy activations, not every one.
        if (Interlocked.CompareExchange(ref _deadlineListed, 1, 0) == 0)
        {
            _runtime.Catalog.WatchDeadlines(this);
        }

        if (schedule)
        {
            Schedule();
        }

        return true;
    }

    /// <summary>Starts activation if nobody has yet.</summary>
    public void EnsureStarted()
    {
        bool schedule;
        lock (_lock)
        {
            if (_state != ActivationState.Created)
            {
                return;
            }

            _state = ActivationState.Activating;
            schedule = EnqueueReadyLocked(new WorkItem(LifecycleStep.Activate, null));
        }

        if (schedule)
        {
            Schedule();
        }
    }

    public void Deactivate(DeactivationReason reason)
    {
        bool schedule = false;
        bool removeNow = false;
        lock (_lock)
        {
            switch (_state)
            {
                case ActivationState.Deactivating or ActivationState.Invalid:
                    return;
                case ActivationState.Created:
                    _state = ActivationState.Invalid;
                    removeNow = true;
                    break;
                default:
                    _pendingDeactivation ??= reason;
                    schedule = TryStartDeactivationLocked();
                    break;
            }
        }

        if (removeNow)
        {
            CompleteRemoval();
        }

        if (schedule)
        {
            Schedule();
        }
    }

    /// <summary>Called by the synchronization context for continuations of grain code.</summary>
    public void PostContinuation(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            schedule = EnqueueReadyLocked(new WorkItem(callback, state));
        }

        if (schedule)
        {
            Schedule();
        }
    }

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        if (GrainInstance is not null)
        {
            throw new InvalidOperationException("Persistent states are bound while the grain is constructed.");
        }

        var slot = _runtime.Persistence.CreateState<TState>(this, stateName, storageName);
        (_states ??= []).Add(slot);
        return slot;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(this, callback, options, _runtime.TimeProvider, _runtime.Logger);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"{GrainId} is deactivating; no timers can be registered.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>
    /// Takes the activation off the deadline scan's list when nothing runs or waits; false when it must stay listed.
    /// </summary>
    internal bool TryLeaveDeadlineWatch()
    {
        // Cleared before the counts are read (a full fence): a request queued after the read lists the activation again.
        Interlocked.Exchange(ref _deadlineListed, 0);
        bool busy;
        lock (_lock)
        {
            busy = _waiting.Count != 0 || _inFlight.Count != 0;
        }

        return !busy || Interlocked.CompareExchange(ref _deadlineListed, 1, 0) != 0;
    }

    /// <summary>Fails requests whose deadline passed; returns how many.</summary>
    internal int ExpireRequests(long now)
    {
        // Most activations are idle: skip them without taking the lock (a count read stale is seen on the next scan).
        if (_waiting.Count == 0 && _inFlight.Count == 0)
        {
            return 0;
        }

        List<GrainRequest>? expired = null;
        lock (_lock)
        {
            foreach (var request in _waiting)
            {
                if (request.DeadlineTimestamp <= now && !request.IsCompleted)
                {
                    (expired ??= []).Add(request);
                }
            }

            foreach (var request in _inFlight)
            {
                if (request.DeadlineTimestamp <= now && !request.IsCompleted)
                {
                    (expired ??= []).Add(request);
                }
            }
        }

        if (expired is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var request in expired)
        {
            if (request.TryFail(new GrainCallTimeoutException(GrainId, request.FullMethodName, request.Timeout)))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when nothing runs or waits and the activation has been idle for its collection age.</summary>
    internal bool IsIdleFor(long now)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid && _inFlight.Count == 0 && _waiting.Count == 0
                && _runtime.TimeProvider.GetElapsedTime(_lastActivity, now) >= CollectionAge;
        }
    }

    internal void Touch() => Volatile.Write(ref _lastActivity, _runtime.TimeProvider.GetTimestamp());

    // ---- Admission ----------------------------------------------------------------------------------------------

    private bool BypassesQueue(GrainRequest request) =>
        (request.Options & RequestOptions.AlwaysInterleave) != 0 || (request.CallChain?.Contains(GrainId) ?? false);

    private bool CanAdmitLocked(GrainRequest request)
    {
        if (_inFlight.Count == 0 || Descriptor.IsReentrant || BypassesQueue(request))
        {
            return true;
        }

        return (request.Options & RequestOptions.ReadOnly) != 0 && _inFlightExclusive == 0;
    }

    private bool AdmitLocked(GrainRequest request)
    {
        _inFlight.Add(request);
        if ((request.Options & RequestOptions.ReadOnly) == 0)
        {
            _inFlightExclusive++;
        }

        return EnqueueReadyLocked(new WorkItem(request, null));
    }

    private bool AdmitWaitingLocked()
    {
        var schedule = false;
        while (_waiting.Count > 0 && _state == ActivationState.Valid && _pendingDeactivation is null)
        {
            var next = _waiting.Peek();
            if (next.IsCompleted)
            {
                // Its caller gave up (deadline or cancellation) while it waited: never run it.
                _waiting.Dequeue();
                continue;
            }

            if (!CanAdmitLocked(next))
            {
                break;
            }

            _waiting.Dequeue();
            schedule |= AdmitLocked(next);
        }

        return schedule;
    }

    private bool TryStartDeactivationLocked()
    {
        if (_pendingDeactivation is null || _state != ActivationState.Valid || _inFlight.Count != 0)
        {
            return false;
        }

        _state = ActivationState.Deactivating;
        return EnqueueReadyLocked(new WorkItem(LifecycleStep.Deactivate, null));
    }

    // ---- Execution ----------------------------------------------------------------------------------------------

    private bool EnqueueReadyLocked(WorkItem item)
    {
        _ready.Enqueue(item);
        if (_scheduled)
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    // The global FIFO queue, not the thread's LIFO local queue: otherwise a few callers whose continuations run
    // inline keep both threads while the others wait (a 1 ms p99 at 200 callers).
    private void Schedule() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    void IThreadPoolWorkItem.Execute()
    {
        var budget = _runtime.Options.TurnBatchSize;
        while (true)
        {
            WorkItem item;
            lock (_lock)
            {
                if (_ready.Count == 0)
                {
                    _scheduled = false;
                    return;
                }

                if (budget-- == 0)
                {
                    break;
                }

                item = _ready.Dequeue();
            }

            Run(item);
        }

        // Yield the thread so that one busy activation cannot starve the others; we stay scheduled.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void Run(WorkItem item)
    {
        switch (item.Work)
        {
            case SendOrPostCallback continuation:
                RunInContext(continuation, item.State);
                break;
            case GrainRequest request:
                StartRequest(request);
                break;
            case LifecycleStep step:
                StartLifecycle(step);
                break;
        }
    }

    private void RunInContext(SendOrPostCallback callback, object? state)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            callback(state);
        }
        catch (Exception exception)
        {
            RuntimeLog.WorkItemFailed(_runtime.Logger, GrainId, exception);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void StartRequest(GrainRequest request)
    {
        if (request.IsCompleted)
        {
            FinishRequest(request);
            return;
        }

        if (request is not IBackgroundRequest { KeepsAlive: false })
        {
            Touch();
        }

        request.Target = this;

        // The ValueTask is consumed exactly once below, after the activation's context is restored.
#pragma warning disable CA2012
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        ActivationScope.CurrentTurn.Value = request;
        ValueTask pending;
        try
        {
            pending = _runtime.CallFilters.HasActiveIncoming
                ? IncomingCallContext.RunAsync(request, this, _runtime.CallFilters)
                : request.ExecuteAsync(GrainInstance!);
        }
        finally
        {
            ActivationScope.CurrentTurn.Value = null;

            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (pending.IsCompleted)
        {
            pending.GetAwaiter().GetResult();
            FinishRequest(request);
        }
        else
        {
            _ = AwaitRequestAsync(pending, request);
        }
#pragma warning restore CA2012
    }

    private async Task AwaitRequestAsync(ValueTask pending, GrainRequest request)
    {
        await pending.ConfigureAwait(false);
        FinishRequest(request);
    }

    private void FinishRequest(GrainRequest request)
    {
        request.CancellationRegistration.Dispose();

        // The activation's bookkeeping comes first: once the caller has its answer (and may run on inline, even
        // for a long time), the request must no longer count as running here.
        bool schedule;
        lock (_lock)
        {
            if (_inFlight.Remove(request) && (request.Options & RequestOptions.ReadOnly) == 0)
            {
                _inFlightExclusive--;
            }

            schedule = AdmitWaitingLocked();
            schedule |= TryStartDeactivationLocked();
        }

        if (schedule)
        {
            Schedule();
        }

        // The caller's continuation may run inline here; it must not see this activation as its context.
        var previous = SynchronizationContext.Current;
        if (previous is not null)
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        if (request.CallChain is null && !request.AnswersWithinSilo && _runtime.Persistence.MustWaitForDurability(request.StorageFailuresAtEntry))
        {
            // No grain made this call: its answer leaves the grains, so it waits until what it may depend on is durable
            // (and fails if a write failed while it ran, even one that finished failing before this turn ended).
            _ = CompleteWhenDurableAsync(request, _runtime.Persistence.WhenDurable(request.StorageFailuresAtEntry), _runtime.TimeProvider);
        }
        else
        {
            request.CompleteFromExecution();
        }

        if (previous is not null)
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private async Task CompleteWhenDurableAsync(GrainRequest request, Task durable, TimeProvider time)
    {
        try
        {
            // The wait is part of the call: it ends at the call's deadline like the rest of it.
            var left = request.DeadlineTimestamp == long.MaxValue
                ? Timeout.InfiniteTimeSpan
                : TimeSpan.FromSeconds(Math.Max(0, request.DeadlineTimestamp - time.GetTimestamp()) / (double)time.TimestampFrequency);
            await durable.WaitAsync(left, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            request.TryFail(new GrainCallTimeoutException(GrainId, request.FullMethodName, request.Timeout));
            return;
        }
        catch (Exception failure)
        {
            // A write this answer may depend on was not stored: the caller must not take the answer as done.
            request.TryFail(failure);
            return;
        }

        request.CompleteFromExecution();
    }

    // ---- Lifecycle ----------------------------------------------------------------------------------------------

    private void StartLifecycle(LifecycleStep step)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        ActivationScope.CurrentTurn.Value = _lifecycleTurn;
        Task task;
        try
        {
            task = step == LifecycleStep.Activate ? ActivateAsync() : DeactivateAsync();
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }
        finally
        {
            ActivationScope.CurrentTurn.Value = null;
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        task.ContinueWith(
            static (t, s) =>
            {
                var (activation, step) = ((ActivationData, LifecycleStep))s!;
                if (step == LifecycleStep.Activate)
                {
                    activation.OnActivated(t.Exception?.InnerException);
                }
                else
                {
                    activation.CompleteRemoval();
                }
            },
            (this, step),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ActivateAsync()
    {
        using var timeout = new CancellationTokenSource(_runtime.Options.ActivationTimeout);
        ActivationScope.Constructing = this;
        Grain grain;
        try
        {
            grain = Descriptor.Factory(_runtime.Services, this);
        }
        finally
        {
            ActivationScope.Constructing = null;
        }

        if (_states is not null)
        {
            foreach (var state in _states)
            {
                await state.ReadStateAsync(timeout.Token);
            }
        }

        GrainInstance = grain;
        await grain.OnActivateAsync(timeout.Token);
    }

    private void OnActivated(Exception? failure)
    {
        if (failure is not null)
        {
            RuntimeLog.ActivationFailed(_runtime.Logger, GrainId, failure);
            var activationFailure = new GrainActivationException(GrainId, failure);
            List<GrainRequest> waiting;
            lock (_lock)
            {
                _state = ActivationState.Invalid;
                waiting = [.. _waiting];
                _waiting.Clear();
            }

            StopTimers();
            _runtime.Catalog.Remove(this);
            foreach (var request in waiting)
            {
                request.TryFail(activationFailure);
            }

            _deactivated.TrySetResult();
            return;
        }

        _runtime.Instruments.ActivationAdded(GrainId.Type);
        bool schedule;
        lock (_lock)
        {
            _state = ActivationState.Valid;
            schedule = AdmitWaitingLocked();
            schedule |= TryStartDeactivationLocked();
        }

        if (schedule)
        {
            Schedule();
        }
    }

    private async Task DeactivateAsync()
    {
        var reason = _pendingDeactivation!.Value;
        RuntimeLog.Deactivating(_runtime.Logger, GrainId, reason);
        StopTimers();
        if (GrainInstance is Grain grain)
        {
            using var timeout = new CancellationTokenSource(_runtime.Options.DeactivationTimeout);
            try
            {
                await grain.OnDeactivateAsync(reason, timeout.Token);
            }
            catch (Exception exception)
            {
                RuntimeLog.DeactivationFailed(_runtime.Logger, GrainId, reason, exception);
            }
        }

        if (_states is not null)
        {
            // The next activation reads storage: it must find what this one wrote behind, not an older version.
            using var timeout = new CancellationTokenSource(_runtime.Options.DeactivationTimeout);
            try
            {
                await Task.WhenAll(_states.Select(s => s.WhenWrittenAsync())).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException exception)
            {
                RuntimeLog.DeactivationFailed(_runtime.Logger, GrainId, reason, exception);
            }
        }
    }

    /// <summary>Marks the activation gone, removes it from the catalog and routes what waited to the next activation.</summary>
    private void CompleteRemoval()
    {
        List<GrainRequest> waiting;
        bool wasActive;
        lock (_lock)
        {
            wasActive = _state == ActivationState.Deactivating;
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        if (wasActive)
        {
            _runtime.Instruments.ActivationRemoved(GrainId.Type);
        }

        _runtime.Catalog.Remove(this);
        foreach (var request in waiting)
        {
            if (request.IsCompleted)
            {
                continue;
            }

            // A timer tick belongs to this activation and ends with it; everything else goes to the next activation.
            if (request is TimerTickRequest)
            {
                request.TryFail(new OperationCanceledException($"{GrainId} was deactivated."));
            }
            else
            {
                _runtime.Catalog.Dispatch(request);
            }
        }

        _deactivated.TrySetResult();
    }

    private void StopTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    public override string ToString() => $"{GrainId} #{ActivationId}";

    private readonly record struct WorkItem(object Work, object? State);

    private enum LifecycleStep
    {
        Activate,
        Deactivate,
    }

    private sealed class LifecycleTurn : TurnContext;
}
