namespace OrderGrains.Runtime;

/// <summary>
/// The grain class accepts new requests while earlier ones are awaiting (turns still never run in parallel).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>The interface method may interleave with any other request of the grain, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>The interface method does not change state: it may interleave with other read-only requests.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// The grain class is a stateless worker: requests go to local activations, of which there may be several per
/// identity (up to <see cref="MaxLocalWorkers"/>, default the processor count).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StatelessWorkerAttribute(int maxLocalWorkers = 0) : Attribute
{
    /// <summary>Maximum activations per grain identity on one silo; 0 means the processor count.</summary>
    public int MaxLocalWorkers { get; } = maxLocalWorkers;
}

/// <summary>Names the grain type of a grain class (the first part of its <see cref="GrainId"/>).</summary>
/// <remarks>Without it the type is the class name without the "Grain" suffix, in kebab case: <c>StockSlotGrain</c> is <c>stock-slot</c>.</remarks>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string GrainType { get; } = grainType;
}

/// <summary>How long an activation of the grain class may stay idle before it is collected.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeAttribute(double minutes) : Attribute
{
    /// <summary>Idle time in minutes.</summary>
    public double Minutes { get; } = minutes;
}

/// <summary>Deadline of calls to an interface method, overriding the runtime's default (30 s).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(double seconds) : Attribute
{
    /// <summary>Deadline in seconds.</summary>
    public double Seconds { get; } = seconds;
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{T}"/> to be bound to stored state.</summary>
/// <param name="stateName">Name of the state within the grain (a grain may have several).</param>
/// <param name="storageName">Name of the configured storage; null for the default.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>Name of the state within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>Name of the configured storage; null for the default.</summary>
    public string? StorageName { get; } = storageName;
}

/// <summary>
/// Every stream in namespace <see cref="Namespace"/> is delivered to the grain of this class whose key is the stream's key,
/// without an explicit subscription.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ImplicitStreamSubscriptionAttribute(string @namespace) : Attribute
{
    /// <summary>The stream namespace.</summary>
    public string Namespace { get; } = @namespace;
}
