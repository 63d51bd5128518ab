namespace OrderGrains.Bench.Grains;

public sealed class BenchCounterState
{
    public long Value { get; set; }
}
