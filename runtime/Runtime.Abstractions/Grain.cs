using OrderGrains.Runtime.Internal;

namespace OrderGrains.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime constructs grains (through generated factories); the
/// constructor may take services and <see cref="PersistentStateAttribute"/>-bound states.
/// </summary>
public abstract class Grain
{
    /// <summary>Binds the grain to the activation being created.</summary>
    /// <exception cref="InvalidOperationException">The grain is constructed outside the runtime.</exception>
    protected Grain()
    {
        GrainContext = ActivationScope.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} must be created by the runtime (use IGrainFactory.GetGrain).");
    }

    /// <summary>The activation this grain instance belongs to.</summary>
    public IGrainContext GrainContext { get; }

    /// <summary>Identity of this grain.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>Factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>Services for this grain.</summary>
    protected IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>The string key of this grain.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>Runs once when the activation is created, after its persistent states are read and before the first request.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation is removed (idle collection, explicit request or shutdown).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request has finished; the next call creates a new one.</summary>
    protected void DeactivateOnIdle() =>
        GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Registers a timer that runs <paramref name="callback"/> as a turn of this activation; it ends with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        GrainContext.RegisterTimer(callback, options);

    /// <summary>Registers a timer with state; see <see cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        GrainContext.RegisterTimer(ct => callback(state, ct), options);

    /// <summary>Registers or updates a durable reminder; the grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default) =>
        Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period, cancellationToken);

    /// <summary>Removes a durable reminder.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder, CancellationToken cancellationToken = default) =>
        Reminders.UnregisterAsync(GrainId, reminder, cancellationToken);

    /// <summary>Returns the reminder with the given name, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName, CancellationToken cancellationToken = default) =>
        Reminders.GetAsync(GrainId, reminderName, cancellationToken);

    /// <summary>Returns all reminders of this grain.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders(CancellationToken cancellationToken = default) =>
        Reminders.GetAllAsync(GrainId, cancellationToken);

    /// <summary>Returns the stream provider with the given name.</summary>
    /// <exception cref="KeyNotFoundException">No provider of that name is configured.</exception>
    protected IStreamProvider GetStreamProvider(string name) =>
        ServiceProvider.GetStreamProvider(name);

    private IReminderRegistry Reminders =>
        ServiceProvider.GetService(typeof(IReminderRegistry)) as IReminderRegistry
        ?? throw new InvalidOperationException("Reminders are not configured on this silo.");
}
