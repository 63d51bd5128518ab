using Microsoft.Extensions.Logging;

namespace OrderGrains.Dashboard.Logs;

/// <summary>A log entry kept for the dashboard's log view; <paramref name="Source"/> is the silo (or API tier) that logged it.</summary>
public sealed record LogEntry(long Sequence, DateTimeOffset At, LogLevel Level, string Category, int EventId, string Message, string? Exception, string? Source = null);
