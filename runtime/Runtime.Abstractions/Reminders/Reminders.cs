namespace OrderGrains.Runtime;

/// <summary>A grain that receives durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Called on each reminder tick; the grain is activated if needed.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>Timing of a reminder tick.</summary>
/// <param name="FirstTickTime">When the reminder was due first.</param>
/// <param name="Period">The reminder's period.</param>
/// <param name="CurrentTickTime">When this tick was due.</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);

/// <summary>A durable reminder of a grain.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique per grain.</summary>
    string ReminderName { get; }

    /// <summary>When it first fires.</summary>
    DateTimeOffset StartAt { get; }

    /// <summary>Time between ticks.</summary>
    TimeSpan Period { get; }
}

/// <summary>Durable reminders of grains; implemented by the silo's reminder service.</summary>
public interface IReminderRegistry
{
    /// <summary>Registers or replaces a reminder.</summary>
    Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken);

    /// <summary>Removes a reminder; no error if it does not exist.</summary>
    Task UnregisterAsync(GrainId grainId, IGrainReminder reminder, CancellationToken cancellationToken);

    /// <summary>Returns a reminder, or null.</summary>
    Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Returns all reminders of a grain.</summary>
    Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId, CancellationToken cancellationToken);
}
