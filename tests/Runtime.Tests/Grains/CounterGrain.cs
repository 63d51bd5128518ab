namespace OrderGrains.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> GetEtag() => Task.FromResult(state.Etag);

    public Task Clear() => state.ClearStateAsync();

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);
}

/// <summary>Reentrant, so concurrent requests' writes coalesce into shared group commits.</summary>
[Reentrant]
public sealed class HotCounterGrain([PersistentState("hot")] IPersistentState<CounterState> state) : Grain, IHotCounterGrain
{
    public async Task<int> Add()
    {
        var mine = ++state.State.Value;
        await state.WriteStateAsync();
        return mine;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);
}

public sealed class ReminderProbeGrain(Probe probe) : Grain, IReminderProbeGrain
{
    public Task Register(string name, TimeSpan due, TimeSpan period) => RegisterOrUpdateReminder(name, due, period);

    public async Task Unregister(string name)
    {
        if (await GetReminder(name) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task<IReadOnlyList<string>> List() => [.. (await GetReminders()).Select(r => r.ReminderName)];

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record($"reminder:{GetPrimaryKeyString()}:{reminderName}");
        return Task.CompletedTask;
    }
}
