namespace OrderGrains.Runtime.Tests.Grains;

public interface IPingGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);

    Task<long> GetActivationId();

    Task Fail(string message);

    Task Wait(TimeSpan duration, CancellationToken cancellationToken);

    [ResponseTimeout(0.3)]
    Task WaitWithShortDeadline(TimeSpan duration);

    Task<string> CallOther(string otherKey, int value);
}

public interface ITurnProbeGrain : IGrainWithStringKey
{
    Task Enter(TimeSpan hold);

    [ReadOnly]
    Task Read(TimeSpan hold);

    [AlwaysInterleave]
    Task Interleave(TimeSpan hold);

    Task<ConcurrencyReport> Report();
}

public interface IReentrantProbeGrain : ITurnProbeGrain;

public sealed record ConcurrencyReport(int MaxInFlight, int MaxExecutingAtOnce, int Calls);

public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="next"/>, which calls back into this grain: A -> B -> A.</summary>
    Task<string> StartChain(string next);

    Task<string> CallBack(string origin);

    Task<string> Echo(string text);
}

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<long> Touch();

    Task DeactivateSoon();

    /// <summary>Asks for deactivation, then keeps the activation busy for <paramref name="hold"/>.</summary>
    Task DeactivateAfter(TimeSpan hold);

    Task StartTimer(TimeSpan period, bool interleave);

    Task<int> TimerTicks();
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Call();
}

public interface IWorkerGrain : IGrainWithStringKey
{
    Task<long> Work(TimeSpan hold);
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<string?> GetEtag();

    Task Clear();

    Task<bool> RecordExists();
}

public interface IHotCounterGrain : IGrainWithStringKey
{
    Task<int> Add();

    Task<int> Get();
}

public interface IReminderProbeGrain : IGrainWithStringKey, IRemindable
{
    Task Register(string name, TimeSpan due, TimeSpan period);

    Task Unregister(string name);

    Task<IReadOnlyList<string>> List();
}

/// <summary>A grain whose state keeps keyed entries and writes behind (answers before its write is durable).</summary>
public interface IEntryBookGrain : IGrainWithStringKey
{
    /// <summary>Sets an entry and writes behind; returns the state's write count.</summary>
    Task<int> Set(string key, int quantity);

    /// <summary>Removes an entry and writes behind.</summary>
    Task<bool> Remove(string key);

    /// <summary>Sets an entry here and writes behind, then asks <paramref name="next"/> to set the same entry.</summary>
    Task<int> SetHereThen(string key, int quantity, string next);

    /// <summary>Sets an entry and writes behind, then waits until the test records <paramref name="signal"/> in the probe.</summary>
    Task<int> SetThenWait(string key, int quantity, string signal);

    /// <summary>Sets an entry, writes behind and asks to be deactivated.</summary>
    Task<int> SetThenDeactivate(string key, int quantity);

    /// <summary>Waits until the test records <paramref name="signal"/> in the probe, then sets an entry and writes behind.</summary>
    Task<int> WaitThenSet(string key, int quantity, string signal);

    /// <summary>The entries as "key=quantity", ordered by key.</summary>
    Task<IReadOnlyList<string>> List();

    Task<int> GetWrites();

    Task Clear();
}
