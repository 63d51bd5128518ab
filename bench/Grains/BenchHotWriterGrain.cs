namespace OrderGrains.Bench.Grains;

public interface IBenchHotWriterGrain : IGrainWithStringKey
{
    Task<long> Add();

    Task<long> Get();
}

/// <summary>Reentrant: concurrent writers' WriteStateAsync calls coalesce into shared group commits.</summary>
[Reentrant]
public sealed class BenchHotWriterGrain([PersistentState("hot")] IPersistentState<BenchCounterState> state) : Grain, IBenchHotWriterGrain
{
    public async Task<long> Add()
    {
        var mine = ++state.State.Value;
        await state.WriteStateAsync();
        return mine;
    }

    public Task<long> Get() => Task.FromResult(state.State.Value);
}
