namespace OrderGrains.Bench.Grains;

public interface IBenchWriterGrain : IGrainWithStringKey
{
    Task<long> Increment();
}

/// <summary>Non-reentrant: one write at a time per grain; writes of many grains share group commits.</summary>
public sealed class BenchWriterGrain([PersistentState("count")] IPersistentState<BenchCounterState> state) : Grain, IBenchWriterGrain
{
    public async Task<long> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }
}
