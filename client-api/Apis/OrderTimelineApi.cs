using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderGrains.ClientApi.Errors;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>An order's timeline: as JSON, and live as Server-Sent Events.</summary>
internal static class OrderTimelineApi
{
    /// <summary>Header by which an EventSource resumes after the last event it saw.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The timeline, oldest first; <c>?after=</c> leaves out the events up to that sequence.</summary>
    public static async Task<Results<Ok<IReadOnlyList<TimelineEvent>>, ValidationProblem, ProblemHttpResult>> GetTimeline(
        string orderId, string? after, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        var start = OrderCommandValidator.ParseSequence(validation, "after", after) ?? 0;
        if (!validation.IsEmpty)
        {
            return ApiErrors.Validation(validation.ToDictionary());
        }

        if (await OrdersApi.FindAsync(orderId, user, grains) is null)
        {
            return OrdersApi.NotFound(orderId);
        }

        return TypedResults.Ok(await grains.GetGrain<IOrderGrain>(orderId).GetTimelineAfter(start, TimeSpan.Zero));
    }

    /// <summary>
    /// The live timeline: the events after the Last-Event-ID header (or <c>?after=</c>, or from the start), then every
    /// new one as it is stored, with heartbeat comments while nothing happens.
    /// </summary>
    public static async Task<Results<TimelineEventStream, ValidationProblem, ProblemHttpResult>> LiveTimeline(
        string orderId, string? after, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, IOptions<TimelineStreamOptions> options)
    {
        var validation = new ApiValidationErrors();
        var fromQuery = OrderCommandValidator.ParseSequence(validation, "after", after);

        // A reconnecting EventSource sends the header with its original URL: the header is the newer position.
        var fromHeader = OrderCommandValidator.ParseSequence(validation, LastEventIdHeader, http.Request.Headers[LastEventIdHeader].ToString());
        if (!validation.IsEmpty)
        {
            return ApiErrors.Validation(validation.ToDictionary());
        }

        if (await OrdersApi.FindAsync(orderId, user, grains) is null)
        {
            return OrdersApi.NotFound(orderId);
        }

        return new TimelineEventStream(orderId, fromHeader ?? fromQuery ?? 0, grains.GetGrain<IOrderTimelineWatchGrain>(orderId), options.Value.HeartbeatInterval);
    }
}
