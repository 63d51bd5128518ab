namespace OrderGrains.Runtime;

/// <summary>The runtime side of one grain activation, as seen by grain code and by generated code.</summary>
public interface IGrainContext
{
    /// <summary>Identity of the grain.</summary>
    GrainId GrainId { get; }

    /// <summary>Identifier of this activation, unique within the process.</summary>
    long ActivationId { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>Services for the grain.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Factory for grain references; calls made through it carry this activation's call chain.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>Binds a named persistent state; called by generated grain factories for <see cref="PersistentStateAttribute"/> parameters.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName);

    /// <summary>Deactivates the activation once no request is running.</summary>
    void Deactivate(DeactivationReason reason);

    /// <summary>Registers a timer whose callbacks run as turns of this activation.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options);
}
