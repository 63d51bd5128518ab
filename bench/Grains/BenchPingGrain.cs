namespace OrderGrains.Bench.Grains;

public interface IBenchPingGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);
}

/// <summary>Non-reentrant, stateless: the cost of a call is the runtime's own.</summary>
public sealed class BenchPingGrain : Grain, IBenchPingGrain
{
    public ValueTask<int> Ping(int value) => ValueTask.FromResult(value + 1);
}
