namespace OrderGrains.Bench.Grains;

public interface IBenchIdleGrain : IGrainWithStringKey
{
    ValueTask Touch();
}

/// <summary>A trivial grain without state: its activation's memory is the runtime's.</summary>
public sealed class BenchIdleGrain : Grain, IBenchIdleGrain
{
    public ValueTask Touch() => ValueTask.CompletedTask;
}
