using Microsoft.Extensions.Logging;

namespace OrderGrains.Dashboard.Logs;

/// <summary>A log entry kept for the dashboard's log view.</summary>
public sealed record LogEntry(long Sequence, DateTimeOffset At, LogLevel Level, string Category, int EventId, string Message, string? Exception);
