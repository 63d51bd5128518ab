namespace OrderGrains.Runtime.Tests.Grains;

public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int value) => ValueTask.FromResult(value + 1);

    public Task<long> GetActivationId() => Task.FromResult(GrainContext.ActivationId);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task Wait(TimeSpan duration, CancellationToken cancellationToken) => Task.Delay(duration, cancellationToken);

    public Task WaitWithShortDeadline(TimeSpan duration) => Task.Delay(duration);

    public async Task<string> CallOther(string otherKey, int value) =>
        $"{GetPrimaryKeyString()}->{otherKey}:{await GrainFactory.GetGrain<IPingGrain>(otherKey).Ping(value)}";
}
