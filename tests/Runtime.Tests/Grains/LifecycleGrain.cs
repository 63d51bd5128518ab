namespace OrderGrains.Runtime.Tests.Grains;

public sealed class LifecycleGrain(Probe probe) : Grain, ILifecycleGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activate:{GetPrimaryKeyString()}:{GrainContext.ActivationId}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{GetPrimaryKeyString()}:{reason.Code}");
        return Task.CompletedTask;
    }

    public Task<long> Touch() => Task.FromResult(GrainContext.ActivationId);

    public Task DeactivateSoon()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task DeactivateAfter(TimeSpan hold)
    {
        DeactivateOnIdle();
        await Task.Delay(hold);
    }

    public Task StartTimer(TimeSpan period, bool interleave)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(
            _ =>
            {
                _ticks++;
                probe.Record($"tick:{GetPrimaryKeyString()}");
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(period, period) { Interleave = interleave });
        return Task.CompletedTask;
    }

    public Task<int> TimerTicks() => Task.FromResult(_ticks);
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"refusing to activate {GetPrimaryKeyString()}");

    public Task<int> Call() => Task.FromResult(1);
}

[StatelessWorker(4)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    public async Task<long> Work(TimeSpan hold)
    {
        await Task.Delay(hold);
        return GrainContext.ActivationId;
    }
}
