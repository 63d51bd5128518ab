namespace OrderGrains.Runtime.Tests.Grains;

public sealed class EntryBookState
{
    public int Writes { get; set; }
}

public sealed record EntryLine(int Quantity);

public sealed class EntryBookGrain([PersistentState("book")] IPersistentState<EntryBookState> state, Probe probe) : Grain, IEntryBookGrain
{
    // Opened lazily: the entries are loaded with the state on activation.
    private IPersistentDictionary<EntryLine> Entries => state.GetEntries<EntryLine>("lines");

    public Task<int> Set(string key, int quantity)
    {
        Entries.Set(key, new EntryLine(quantity));
        state.State.Writes++;
        state.WriteBehind();
        return Task.FromResult(state.State.Writes);
    }

    public Task<bool> Remove(string key)
    {
        var removed = Entries.Remove(key);
        state.State.Writes++;
        state.WriteBehind();
        return Task.FromResult(removed);
    }

    public async Task<int> SetHereThen(string key, int quantity, string next)
    {
        var writes = await Set(key, quantity);
        await GrainFactory.GetGrain<IEntryBookGrain>(next).Set(key, quantity);
        return writes;
    }

    public async Task<int> SetThenWait(string key, int quantity, string signal)
    {
        var writes = await Set(key, quantity);
        await probe.WaitFor(signal);
        return writes;
    }

    public async Task<int> SetThenDeactivate(string key, int quantity)
    {
        var writes = await Set(key, quantity);
        DeactivateOnIdle();
        return writes;
    }

    public async Task<int> WaitThenSet(string key, int quantity, string signal)
    {
        await probe.WaitFor(signal);
        return await Set(key, quantity);
    }

    public Task<IReadOnlyList<string>> List() =>
        Task.FromResult<IReadOnlyList<string>>([.. Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value.Quantity}")]);

    public Task<int> GetWrites() => Task.FromResult(state.State.Writes);

    public Task Clear() => state.ClearStateAsync();
}
