using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// An order's timeline as Server-Sent Events: the events after the start position, then new ones as they are stored
/// (<c>id:</c> sequence, <c>event:</c> type, <c>data:</c> the event as JSON), with a heartbeat comment after each quiet
/// interval, until the client goes away. Events come from long polls of the order's watch grain, so the feed works the
/// same in a silo and in a front tier attached to the cluster as a client.
/// </summary>
public sealed class TimelineEventStream : IResult, IEndpointMetadataProvider
{
    /// <summary>Media type of the feed.</summary>
    public const string ContentType = "text/event-stream";

    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");

    private readonly string _orderId;
    private readonly long _afterSequence;
    private readonly IOrderTimelineWatchGrain _watch;
    private readonly TimeSpan _heartbeat;

    internal TimelineEventStream(string orderId, long afterSequence, IOrderTimelineWatchGrain watch, TimeSpan heartbeat)
    {
        _orderId = orderId;
        _afterSequence = afterSequence;
        _watch = watch;
        _heartbeat = heartbeat;
    }

    /// <summary>Writes the feed until the request is aborted.</summary>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<TimelineEventStream>();
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var last = _afterSequence;
        OrderApiLog.LiveOpened(logger, _orderId, last);
        try
        {
            // Headers go out at once, so a client knows the feed is open before the first event.
            await response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                var events = await _watch.WatchTimeline(last, _heartbeat, aborted);
                if (events.Count == 0)
                {
                    await response.Body.WriteAsync(Heartbeat, aborted);
                }

                foreach (var entry in events)
                {
                    await response.Body.WriteAsync(Format(entry, json), aborted);
                    last = entry.Sequence;
                }

                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the normal end of a feed.
        }
        catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            // The status line is long gone, so no problem document: end the feed and let the client resume from its
            // Last-Event-ID, which is what EventSource does by itself.
            OrderApiLog.LiveFailed(logger, _orderId, last, e);
            return;
        }

        OrderApiLog.LiveClosed(logger, _orderId, last);
    }

    /// <summary>Declares the event stream in the OpenAPI document.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TimelineEvent), [ContentType]));
    }

    /// <summary>One event in the wire format: its id, its type and its JSON on a single data line.</summary>
    internal static byte[] Format(TimelineEvent entry, JsonSerializerOptions json)
    {
        var data = JsonSerializer.Serialize(entry, json);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {entry.Sequence}\nevent: {SingleLine(entry.Type)}\ndata: {data}\n\n"));
    }

    // A line break would end the field early and let the text forge fields of its own.
    private static string SingleLine(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
        ? text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', ' ')
        : text;
}
