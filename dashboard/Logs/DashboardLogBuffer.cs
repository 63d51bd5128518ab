using Microsoft.Extensions.Logging;

namespace OrderGrains.Dashboard.Logs;

/// <summary>
/// A logger provider that keeps this process's last <see cref="DashboardOptions.LogCapacity"/> entries at or above
/// <see cref="DashboardOptions.MinimumLogLevel"/> in a ring buffer; the live channel streams the new ones.
/// </summary>
internal sealed class DashboardLogBuffer(DashboardOptions options, TimeProvider time) : ILoggerProvider
{
    /// <summary>A buffer that only holds what is <see cref="Append"/>ed (the serving process's merge of every silo's logs).</summary>
    public static DashboardLogBuffer Merged(DashboardOptions options, TimeProvider time) => new(options, time) { _capturing = false };

    private bool _capturing = true;

    private readonly LogEntry?[] _ring = new LogEntry?[options.LogCapacity];
    private readonly Lock _lock = new();
    private long _next = 1;

    public ILogger CreateLogger(string categoryName) => new BufferLogger(this, categoryName);

    /// <summary>Sequence number of the newest entry (0 when none).</summary>
    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _next - 1;
            }
        }
    }

    /// <summary>Up to <paramref name="max"/> entries newer than <paramref name="afterSequence"/> at or above <paramref name="minimum"/>, oldest first.</summary>
    public IReadOnlyList<LogEntry> After(long afterSequence, LogLevel minimum, int max)
    {
        lock (_lock)
        {
            var first = Math.Max(afterSequence + 1, _next - _ring.Length);
            var entries = new List<LogEntry>();
            for (var seq = first; seq < _next; seq++)
            {
                if (_ring[seq % _ring.Length] is { } entry && entry.Level >= minimum)
                {
                    entries.Add(entry);
                }
            }

            return entries.Count > max ? entries[^max..] : entries;
        }
    }

    /// <summary>Adds an entry logged elsewhere, numbered in this buffer, with its source.</summary>
    public void Append(LogEntry entry, string source)
    {
        lock (_lock)
        {
            var seq = _next++;
            _ring[seq % _ring.Length] = entry with { Sequence = seq, Source = source };
        }
    }

    private void Add(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        lock (_lock)
        {
            var seq = _next++;
            _ring[seq % _ring.Length] = new LogEntry(seq, time.GetUtcNow(), level, category, eventId.Id, message, exception?.ToString());
        }
    }

    public void Dispose()
    {
    }

    private sealed class BufferLogger(DashboardLogBuffer buffer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => buffer._capturing && logLevel != LogLevel.None && logLevel >= buffer._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                buffer.Add(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }

    private readonly LogLevel _minimum = options.MinimumLogLevel;
}
