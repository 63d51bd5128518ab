using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>Collects the server's logged exceptions that become a 5xx, so a fuzz failure report shows what threw, not only a 500.</summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _errors);

    public void Dispose()
    {
    }

    /// <summary>Distinct exceptions (type, message, innermost frames), most frequent first.</summary>
    public IEnumerable<string> Summary(int max) =>
        _errors.GroupBy(e => e, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(max).Select(g => $"{g.Count()}× {g.Key}");

    private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Handled exceptions are logged too; keep only those the API turns into a 5xx.
            if (IsEnabled(logLevel) && exception is not null && ApiExceptionHandler.Classify(exception).Status >= 500)
            {
                var frames = string.Join(" < ", (exception.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(4));
                errors.Enqueue($"[{category}] {exception.GetType().Name}: {exception.Message} @ {frames}");
            }
        }
    }
}
