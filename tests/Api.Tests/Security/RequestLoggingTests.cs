using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Security;

/// <summary>Structured request logging: one line per request with route, status, client and trace; no personal data anywhere.</summary>
public sealed class RequestLoggingTests : IAsyncLifetime
{
    private const string RequestLogCategory = "OrderGrains.ClientApi.Internal.RequestLoggingMiddleware";
    private readonly CapturingLoggerProvider _logs = new();
    private ApiHost _host = null!;

    // Information everywhere (as the silo's appsettings, but including ASP.NET Core), captured by the test's provider;
    // the console stays quiet.
    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync("--Logging:LogLevel:Default=Information", "--Logging:Console:LogLevel:Default=Warning");
        _host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task Place_order_is_logged_with_route_status_client_and_trace_and_no_personal_data()
    {
        var order = ApiTestData.Order(_host, customer: 6, sku: 11);
        using var channel = _host.Client(ApiRoles.Channel, "web", subject: "logging-channel");
        using var placed = await channel.PostJsonAsync("/api/v1/orders", order, "logging-order");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var invalid = await channel.PostJsonAsync("/api/v1/orders", order with { Lines = [] }, "logging-invalid");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var traceId = await ProblemTraceIdAsync(invalid);

        var created = await _logs.WaitForAsync(e => e.Category == RequestLogCategory && e.Field("StatusCode") == "201");
        Assert.Equal("POST", created.Field("Method"));
        Assert.Equal("/api/v1/orders/", created.Field("Route"));
        Assert.Equal("logging-channel", created.Field("ClientId"));
        Assert.False(string.IsNullOrEmpty(created.Field("TraceId")));
        Assert.Equal(LogLevel.Information, created.Level);
        Assert.Equal(6300, created.EventId);

        // The trace id in the log is the one the client saw in the problem details.
        var refused = await _logs.WaitForAsync(e => e.Category == RequestLogCategory && e.Field("StatusCode") == "400");
        Assert.Equal(traceId, refused.Field("TraceId"));

        string[] personal = [order.ShipTo.Name, order.ShipTo.Line1, order.ShipTo.Phone!];
        Assert.All(personal, p => Assert.False(string.IsNullOrWhiteSpace(p)));
        var leaks = _logs.Entries
            .Where(e => personal.Any(p => e.Text.Contains(p, StringComparison.OrdinalIgnoreCase)))
            .Select(e => $"{e.Category}[{e.EventId}]: {e.Text}")
            .ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    private static async Task<string?> ProblemTraceIdAsync(HttpResponseMessage response)
    {
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("traceId").GetString();
    }

    private sealed record Entry(string Category, LogLevel Level, int EventId, string Text, IReadOnlyList<KeyValuePair<string, object?>> State)
    {
        public string? Field(string name) => State.FirstOrDefault(kv => kv.Key == name).Value?.ToString();
    }

    /// <summary>Keeps every log entry with its message, structured fields and exception text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IEnumerable<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public async Task<Entry> WaitForAsync(Func<Entry, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_entries.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await Task.Delay(10);
            }

            throw new Xunit.Sdk.XunitException("No matching log entry within 10 s.");
        }

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
                var text = string.Join(" | ", [formatter(state, exception), .. fields.Select(kv => $"{kv.Key}={kv.Value}"), exception?.ToString() ?? string.Empty]);
                entries.Enqueue(new Entry(category, logLevel, eventId.Id, text, fields));
            }
        }
    }
}
