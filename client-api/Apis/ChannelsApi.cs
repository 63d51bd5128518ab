using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Channels;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// Channels: orders posted in a channel system's own JSON shape, mapped by configuration
/// (<c>OrderGrains:Api:Channels:{channelId}</c>) and then placed exactly like <c>POST /orders</c>.
/// </summary>
public static class ChannelsApi
{
    /// <summary>Error code of a channel id that is not configured.</summary>
    public const string ChannelNotFound = "channel.not-found";

    /// <summary>Loads and checks the channel mappings (start-up fails on a bad mapping) and registers their services.</summary>
    public static IServiceCollection AddChannelsApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(ChannelRegistry.Load(configuration));
        services.AddSingleton(sp => new ChannelMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    /// <summary>Maps the channel endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapChannelsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var channels = api.MapGroup("/channels").WithTags("Channels");
        channels.MapPost("/{channelId}/orders", PlaceChannelOrder).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("PlaceChannelOrder")
            .WithSummary("Places an order sent in the channel's own JSON shape; fields the channel's mapping does not name are ignored.")
            .WithDescription(
                "The body is the channel system's payload, read through the field mapping configured for the channel " +
                "(OrderGrains:Api:Channels:{channelId}). Unlike POST /orders, which rejects unknown fields, unknown fields are " +
                "ignored here by design: the payload is foreign. Mapping errors are a 400 listing the channel's own field paths. " +
                "Without an Idempotency-Key header the channel's order reference is the idempotency key, so a replay returns the " +
                "same order. A channel system may post to its own channel only (403 otherwise).");
        channels.MapGet("/", ListChannels).RequireAuthorization(ApiPolicies.Channels)
            .WithName("ListChannels").WithSummary("The configured channels and where each order field is read from.");
        channels.MapGet("/{channelId}", GetChannel).RequireAuthorization(ApiPolicies.Channels)
            .WithName("GetChannel").WithSummary("One channel's field mapping.");
        return api;
    }

    /// <summary>
    /// Places an order sent in the channel's own JSON shape; fields the channel's mapping does not name are ignored.
    /// </summary>
    /// <remarks>
    /// The payload is mapped by the channel's configured field paths and placed through <see cref="OrdersApi.PlaceOrder"/>
    /// (the same validation and grain call as POST /orders). The OpenAPI summary comes from this comment.
    /// </remarks>
    internal static async Task<Results<Created<OrderView>, ValidationProblem, ProblemHttpResult>> PlaceChannelOrder(
        string channelId,
        [FromBody] JsonElement payload,
        HttpContext http,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ChannelRegistry registry,
        ChannelMetrics metrics,
        ILogger<ChannelRegistry> logger)
    {
        var ownChannel = user.ChannelOf();
        if (ownChannel is not null && !string.Equals(ownChannel, channelId, StringComparison.OrdinalIgnoreCase))
        {
            logger.ChannelForbidden(user.ClientId(), ownChannel, Bounded(channelId));
            metrics.Record(ownChannel, "forbidden");
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                $"A channel system posts orders to its own channel ('{ownChannel}') only.");
        }

        var mapping = registry.Find(channelId);
        if (mapping is null)
        {
            return ApiErrors.NotFound(ChannelNotFound, $"Channel '{Bounded(channelId)}' is not configured.");
        }

        var mapped = mapping.Map(payload);
        if (mapped.Request is null)
        {
            logger.ChannelPayloadRejected(mapping.ChannelId, mapped.Errors!.Count);
            metrics.Record(mapping.ChannelId, "rejected");
            return ApiErrors.Validation(mapped.Errors);
        }

        // The same handler as POST /orders: one set of validators, reference checks, id derivation and grain call.
        // It reads the key from the header, so the channel's order reference is handed over there, namespaced by the
        // channel so it cannot collide with keys the same client uses on POST /orders.
        if (mapped.OrderReference is not null && !http.Request.Headers.ContainsKey(ApiRequest.IdempotencyKeyHeader))
        {
            http.Request.Headers[ApiRequest.IdempotencyKeyHeader] = $"channel-order:{mapping.ChannelId}:{mapped.OrderReference}";
        }

        var request = mapped.Request with { Channel = ownChannel ?? mapping.ChannelId };
        var placed = await OrdersApi.PlaceOrder(request, http, user, grains);
        switch (placed.Result)
        {
            case ValidationProblem invalid:
                var errors = mapping.ToChannelFields(invalid.ProblemDetails.Errors);
                logger.ChannelPayloadRejected(mapping.ChannelId, errors.Count);
                metrics.Record(mapping.ChannelId, "rejected");
                return ApiErrors.Validation(errors);
            case Created<OrderView> { Value: { } order }:
                logger.ChannelOrderAccepted(mapping.ChannelId, order.OrderId, order.Status);
                metrics.Record(mapping.ChannelId, "placed");
                break;
        }

        return placed;
    }

    /// <summary>Every configured channel's mapping.</summary>
    internal static Ok<ChannelDescription[]> ListChannels(ChannelRegistry registry) =>
        TypedResults.Ok(registry.All.Select(c => c.Describe()).ToArray());

    /// <summary>One channel's mapping.</summary>
    internal static Results<Ok<ChannelDescription>, ProblemHttpResult> GetChannel(string channelId, ChannelRegistry registry) =>
        registry.Find(channelId) is { } mapping
            ? TypedResults.Ok(mapping.Describe())
            : ApiErrors.NotFound(ChannelNotFound, $"Channel '{Bounded(channelId)}' is not configured.");

    // Route values are caller input: echo a bounded, printable prefix only.
    private static string Bounded(string value) =>
        new([.. value.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
