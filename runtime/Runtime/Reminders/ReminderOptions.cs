namespace OrderGrains.Runtime.Reminders;

/// <summary>Options of durable reminders.</summary>
public sealed class ReminderOptions
{
    /// <summary>Storage holding reminders; null for the default storage.</summary>
    public string? StorageName { get; set; }

    /// <summary>Shortest allowed period: reminders are for durable, coarse schedules; use timers for fast ones.</summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
