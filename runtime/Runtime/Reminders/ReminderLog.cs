using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Reminders;

/// <summary>Log messages of reminders (event ids 1150-1169).</summary>
internal static partial class ReminderLog
{
    [LoggerMessage(1150, LogLevel.Information, "Loaded {Count} reminders")]
    public static partial void Loaded(ILogger logger, int count);

    [LoggerMessage(1151, LogLevel.Warning, "Reminder {Name} of {GrainId} failed")]
    public static partial void TickFailed(ILogger logger, string name, GrainId grainId, Exception exception);

    [LoggerMessage(1152, LogLevel.Warning, "Reminders of {Count} newly owned partitions could not be loaded")]
    public static partial void LoadFailed(ILogger logger, int count, Exception exception);
}
