namespace OrderGrains.Runtime.Tests.Grains;

public sealed record StreamItem(int N, bool Poison = false);

public interface IStreamProducerGrain : IGrainWithStringKey
{
    Task Publish(string provider, string @namespace, string key, int from, int count);

    Task<int> WriteWithEvents(int count);

    /// <summary>Writes state with one event on the "orders" stream of each key, in one transaction.</summary>
    Task WriteWithEventsOn(string[] keys);
}

public interface IExplicitSubscriberGrain : IGrainWithStringKey
{
    Task Subscribe(string provider, string @namespace);

    Task Rewind(long fromSequence);
}

public sealed class StreamProducerGrain([PersistentState("producer")] IPersistentState<CounterState> state) : Grain, IStreamProducerGrain
{
    public Task Publish(string provider, string @namespace, string key, int from, int count) =>
        GetStreamProvider(provider).GetStream<StreamItem>(@namespace, key)
            .OnNextBatchAsync([.. Enumerable.Range(from, count).Select(n => new StreamItem(n, Poison: n < 0))]);

    /// <summary>Writes state and its events in one transaction (outbox).</summary>
    public async Task<int> WriteWithEvents(int count)
    {
        var stream = GetStreamProvider("events").GetStream<StreamItem>("orders", GetPrimaryKeyString());
        var events = new List<StagedStreamEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(stream.Stage(new StreamItem(++state.State.Value)));
        }

        await state.WriteStateAsync(events);
        return state.State.Value;
    }

    public async Task WriteWithEventsOn(string[] keys)
    {
        var events = keys.Select(key => GetStreamProvider("events").GetStream<StreamItem>("orders", key).Stage(new StreamItem(++state.State.Value))).ToList();
        await state.WriteStateAsync(events);
    }
}

/// <summary>Implicitly subscribed to every "orders" stream (persistent) and "mem" stream (memory) of its key.</summary>
[ImplicitStreamSubscription("orders")]
[ImplicitStreamSubscription("mem")]
public sealed class OrderStreamConsumerGrain(Probe probe) : Grain, IGrainWithStringKey
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        await GetStreamProvider("events").GetStream<StreamItem>("orders", key).SubscribeAsync((item, token) => Receive("got", item, token), cancellationToken: cancellationToken);
        await GetStreamProvider("memory").GetStream<StreamItem>("mem", key).SubscribeAsync((item, token) => Receive("mem", item, token), cancellationToken: cancellationToken);
    }

    private Task Receive(string kind, StreamItem item, StreamSequenceToken token)
    {
        if (item.Poison)
        {
            probe.Record($"poison:{GetPrimaryKeyString()}:{item.N}");
            throw new InvalidOperationException($"poison item {item.N}");
        }

        probe.Record($"{kind}:{GetPrimaryKeyString()}:{item.N}:{token.SequenceNumber}");
        return Task.CompletedTask;
    }
}

public sealed class ExplicitSubscriberGrain(Probe probe) : Grain, IExplicitSubscriberGrain
{
    private const string Namespace = "explicit";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Durable subscriptions outlive activations: attach the observer again.
        var stream = GetStreamProvider("events").GetStream<StreamItem>(Namespace, GetPrimaryKeyString());
        foreach (var handle in await stream.GetAllSubscriptionHandlesAsync(cancellationToken))
        {
            await handle.ResumeAsync(Receive, cancellationToken: cancellationToken);
        }
    }

    public async Task Subscribe(string provider, string @namespace) =>
        await GetStreamProvider(provider).GetStream<StreamItem>(@namespace, GetPrimaryKeyString()).SubscribeAsync(Receive);

    public async Task Rewind(long fromSequence)
    {
        var stream = GetStreamProvider("events").GetStream<StreamItem>(Namespace, GetPrimaryKeyString());
        foreach (var handle in await stream.GetAllSubscriptionHandlesAsync())
        {
            await handle.ResumeAsync(Receive, new StreamSequenceToken(fromSequence));
        }
    }

    private Task Receive(StreamItem item, StreamSequenceToken token)
    {
        probe.Record($"explicit:{GetPrimaryKeyString()}:{item.N}:{token.SequenceNumber}");
        return Task.CompletedTask;
    }
}

public interface IBufferedCounterGrain : IGrainWithStringKey
{
    Task Add(int amount);

    Task<int> Get();
}

/// <summary>Keeps changes in memory and writes them only when deactivated: graceful shutdown must flush it.</summary>
public sealed class BufferedCounterGrain([PersistentState("buffered")] IPersistentState<CounterState> state) : Grain, IBufferedCounterGrain
{
    public Task Add(int amount)
    {
        state.State.Value += amount;
        return Task.CompletedTask;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => state.WriteStateAsync(cancellationToken);
}
