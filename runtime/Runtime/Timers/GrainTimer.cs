using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Runtime.Timers;

/// <summary>
/// A timer of one activation. Each tick is queued to the activation as a request, so it respects the turn rules;
/// the next tick is scheduled after the previous one has finished (no overlapping ticks). A one-shot timer (infinite
/// period) disposes itself after its tick.
/// </summary>
internal sealed class GrainTimer(
    ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options, TimeProvider timeProvider, ILogger logger) : IGrainTimer
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _lock = new();
    private ITimer? _timer;
    private TimeSpan _period = options.Period;
    private bool _tickRunning;

    public void Start()
    {
        lock (_lock)
        {
            _timer = timeProvider.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, options.DueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            _period = period;
            if (!_tickRunning)
            {
                _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            _timer?.Dispose();
        }

        activation.RemoveTimer(this);
    }

    private void OnDue()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested || _tickRunning)
            {
                return;
            }

            _tickRunning = true;
        }

        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        var tick = new TimerTickRequest(callback, options.Interleave, options.KeepAlive, _disposed.Token)
        {
            TargetId = activation.GrainId,
            StorageFailuresAtEntry = activation.StorageFailures,
        };
        if (activation.TryEnqueue(tick))
        {
            try
            {
                await tick.AsVoidValueTask();
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                RuntimeLog.TimerFailed(logger, activation.GrainId, exception);
            }
        }
        else
        {
            Dispose();
            return;
        }

        bool finished;
        lock (_lock)
        {
            _tickRunning = false;
            finished = _period == Timeout.InfiniteTimeSpan;
            if (!_disposed.IsCancellationRequested && !finished)
            {
                _timer?.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }

        // A one-shot timer is done after its tick; release it so the activation does not keep it.
        if (finished)
        {
            Dispose();
        }
    }
}
