using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderGrains.Api.Tests.Webhooks;

/// <summary>One POST the receiver got.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredStatus, DateTimeOffset At)
{
    private JsonElement Root => JsonDocument.Parse(Body).RootElement;

    public string EventId => Root.GetProperty("id").GetString()!;

    public string Type => Root.GetProperty("type").GetString()!;

    public string OrderId => Root.GetProperty("data").GetProperty("orderId").GetString()!;

    public string Status => Root.GetProperty("data").GetProperty("status").GetString()!;

    public long Version => Root.GetProperty("data").GetProperty("version").GetInt64();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A webhook receiver on 127.0.0.1 (Kestrel): records every POST and answers with the status chosen by
/// <see cref="Respond"/> (200 by default). Tests await what they expect with <see cref="WaitForAsync"/>, never sleep.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly WebApplication _app;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Chooses the status code of each request (it sees the requests received before it).</summary>
    public Func<ReceivedWebhook, IReadOnlyList<ReceivedWebhook>, int> Respond { get; set; } = (_, _) => 200;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hooks/orders");
        return receiver;
    }

    /// <summary>The requests once <paramref name="condition"/> holds for them; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_received))
                {
                    return [.. _received];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout} for {what}; received {Received.Count} requests: {string.Join(", ", Received.Select(r => $"{r.Type}/{r.AnsweredStatus}"))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        TaskCompletionSource changed;
        int status;
        lock (_lock)
        {
            var request = new ReceivedWebhook(context.Request.Path, headers, body.ToArray(), 0, DateTimeOffset.UtcNow);
            status = Respond(request, [.. _received]);
            _received.Add(request with { AnsweredStatus = status });
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        context.Response.StatusCode = status;
    }
}
