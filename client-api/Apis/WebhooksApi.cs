using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Webhooks;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// Webhooks (admin only): subscriptions to order events, their delivery log, and the dead-letter list with replay.
/// Deliveries are signed POSTs with at-least-once semantics; receivers dedupe on the event id.
/// </summary>
public static class WebhooksApi
{
    private const int MaxEventTypes = 10;
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    /// <summary>Maps the webhook endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("/", CreateWebhook).RequireAuthorization(ApiPolicies.Webhooks)
            .WithName("CreateWebhook").WithSummary("Subscribes a URL to event types; returns the signing secret once. An Idempotency-Key header makes retries safe.");
        hooks.MapGet("/", ListWebhooks).RequireAuthorization(ApiPolicies.Webhooks).WithName("ListWebhooks");
        hooks.MapGet("/dead-letters", ListDeadLetters).RequireAuthorization(ApiPolicies.Webhooks)
            .WithName("ListWebhookDeadLetters").WithSummary("Deliveries whose retries ran out, newest first (optionally of one subscription).");
        hooks.MapPost("/dead-letters/replay", ReplayAllDeadLetters).RequireAuthorization(ApiPolicies.Webhooks)
            .WithName("ReplayWebhookDeadLetters").WithSummary("Queues every dead letter again (optionally of one subscription) with a fresh retry budget.");
        hooks.MapPost("/dead-letters/{deliveryId}/replay", ReplayDeadLetter).RequireAuthorization(ApiPolicies.Webhooks)
            .WithName("ReplayWebhookDeadLetter").WithSummary("Queues one dead letter again with a fresh retry budget.");
        hooks.MapGet("/{subscriptionId}", GetWebhook).RequireAuthorization(ApiPolicies.Webhooks).WithName("GetWebhook");
        hooks.MapDelete("/{subscriptionId}", DeleteWebhook).RequireAuthorization(ApiPolicies.Webhooks)
            .WithName("DeleteWebhook").WithSummary("Deletes a subscription; its pending deliveries are dropped.");
        hooks.MapGet("/{subscriptionId}/deliveries", ListDeliveries).RequireAuthorization(ApiPolicies.Webhooks)
            .WithName("ListWebhookDeliveries").WithSummary("Pending and recent deliveries with their attempts, newest first.");
        return api;
    }

    /// <summary>Creates a subscription.</summary>
    public static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem, ProblemHttpResult>> CreateWebhook(
        CreateWebhookRequest request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        var validation = new ApiValidationErrors();
        var key = ApiRequest.IdempotencyKey(http, validation);
        Validate(request, validation);
        if (!validation.IsEmpty)
        {
            return ApiErrors.Validation(validation.ToDictionary());
        }

        var scopedKey = key is null ? null : $"{user.ClientId()}:{key}";
        var registration = await Registry(grains).Create(new NewWebhookSubscription(request.Url!, request.EventTypes!, request.Description), scopedKey);
        var s = registration.Subscription;
        loggers.CreateLogger(WebhookApiLog.Category).Created(user.ClientId(), s.Id, new Uri(s.Url).Host, string.Join(",", s.EventTypes));
        return TypedResults.Created(
            $"{ApiHostingExtensions.V1}/webhooks/{s.Id}",
            new CreatedWebhookResponse(s.Id, s.Url, s.EventTypes, s.Description, s.CreatedAt, registration.Secret));
    }

    /// <summary>Every subscription.</summary>
    public static async Task<Ok<WebhookListResponse>> ListWebhooks(IGrainFactory grains) =>
        TypedResults.Ok(new WebhookListResponse([.. (await Registry(grains).List()).Select(WebhookResponse.From)]));

    /// <summary>A subscription and the health of its endpoint (queue, dead letters, circuit).</summary>
    public static async Task<Results<Ok<WebhookDetailsResponse>, ProblemHttpResult>> GetWebhook(string subscriptionId, IGrainFactory grains)
    {
        if (await FindAsync(subscriptionId, grains) is not { } s)
        {
            return NotFound(subscriptionId);
        }

        var health = await grains.GetGrain<IWebhookEndpointGrain>(s.Id).GetHealth();
        return TypedResults.Ok(new WebhookDetailsResponse(s.Id, s.Url, s.EventTypes, s.Description, s.CreatedAt, health));
    }

    /// <summary>Deletes a subscription.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(string subscriptionId, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (!WebhookIds.IsSubscriptionId(subscriptionId) || !await Registry(grains).Delete(subscriptionId))
        {
            return NotFound(subscriptionId);
        }

        loggers.CreateLogger(WebhookApiLog.Category).Deleted(user.ClientId(), subscriptionId);
        return TypedResults.NoContent();
    }

    /// <summary>The delivery log of a subscription.</summary>
    public static async Task<Results<Ok<WebhookDeliveryListResponse>, ValidationProblem, ProblemHttpResult>> ListDeliveries(
        string subscriptionId, int? limit, IGrainFactory grains)
    {
        if (CheckLimit(limit) is { } invalid)
        {
            return invalid;
        }

        if (await FindAsync(subscriptionId, grains) is not { } s)
        {
            return NotFound(subscriptionId);
        }

        var deliveries = await grains.GetGrain<IWebhookEndpointGrain>(s.Id).GetDeliveries(limit ?? DefaultLimit);
        return TypedResults.Ok(new WebhookDeliveryListResponse(deliveries));
    }

    /// <summary>Dead letters of every subscription, or of one.</summary>
    public static async Task<Results<Ok<WebhookDeliveryListResponse>, ValidationProblem, ProblemHttpResult>> ListDeadLetters(
        string? subscriptionId, int? limit, IGrainFactory grains)
    {
        if (CheckLimit(limit) is { } invalid)
        {
            return invalid;
        }

        var subscriptions = await SubscriptionsAsync(subscriptionId, grains);
        if (subscriptions is null)
        {
            return NotFound(subscriptionId!);
        }

        var lists = await Task.WhenAll(subscriptions.Select(s => grains.GetGrain<IWebhookEndpointGrain>(s.Id).GetDeadLetters()));
        var items = lists.SelectMany(l => l).OrderByDescending(d => d.CompletedAt).ThenBy(d => d.DeliveryId, StringComparer.Ordinal).Take(limit ?? DefaultLimit).ToList();
        return TypedResults.Ok(new WebhookDeliveryListResponse(items));
    }

    /// <summary>Replays one dead letter.</summary>
    public static async Task<Results<Ok<WebhookReplayResult>, ProblemHttpResult>> ReplayDeadLetter(
        string deliveryId, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (!WebhookIds.TryParseDeliveryId(deliveryId, out var subscriptionId, out var eventId) || await FindAsync(subscriptionId, grains) is null)
        {
            return DeliveryNotFound(deliveryId);
        }

        var result = await grains.GetGrain<IWebhookEndpointGrain>(subscriptionId).Replay(eventId);
        loggers.CreateLogger(WebhookApiLog.Category).Replayed(user.ClientId(), result.Replayed, deliveryId);
        return TypedResults.Ok(result);
    }

    /// <summary>Replays every dead letter, or those of one subscription.</summary>
    public static async Task<Results<Ok<WebhookReplayResult>, ProblemHttpResult>> ReplayAllDeadLetters(
        string? subscriptionId, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var subscriptions = await SubscriptionsAsync(subscriptionId, grains);
        if (subscriptions is null)
        {
            return NotFound(subscriptionId!);
        }

        var results = await Task.WhenAll(subscriptions.Select(s => grains.GetGrain<IWebhookEndpointGrain>(s.Id).Replay(null)));
        var result = new WebhookReplayResult(results.Sum(r => r.Replayed));
        loggers.CreateLogger(WebhookApiLog.Category).Replayed(user.ClientId(), result.Replayed, subscriptionId ?? "all subscriptions");
        return TypedResults.Ok(result);
    }

    private static void Validate(CreateWebhookRequest request, ApiValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            errors.Add("url", "Required.");
        }
        else if (request.Url.Length > 2048 || !Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("url", "An absolute http or https URL of at most 2048 characters.");
        }

        if (request.EventTypes is not { Count: > 0 })
        {
            errors.Add("eventTypes", $"At least one of: {string.Join(", ", WebhookEventTypes.All)}.");
        }
        else if (request.EventTypes.Count > MaxEventTypes)
        {
            errors.Add("eventTypes", $"At most {MaxEventTypes} entries.");
        }
        else
        {
            for (var i = 0; i < request.EventTypes.Count; i++)
            {
                if (!WebhookEventTypes.IsKnown(request.EventTypes[i]))
                {
                    errors.Add($"eventTypes[{i}]", $"Unknown event type; one of: {string.Join(", ", WebhookEventTypes.All)}.");
                }
            }
        }

        errors.RequireText("description", request.Description, required: false);
    }

    private static ValidationProblem? CheckLimit(int? limit) => limit is null or (>= 1 and <= MaxLimit)
        ? null
        : ApiErrors.Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["limit"] = [$"1-{MaxLimit}."] });

    private static async Task<WebhookSubscription?> FindAsync(string subscriptionId, IGrainFactory grains) =>
        WebhookIds.IsSubscriptionId(subscriptionId) ? await Registry(grains).Get(subscriptionId) : null;

    /// <summary>The one subscription asked for (null if it does not exist), or all of them.</summary>
    private static async Task<IReadOnlyList<WebhookSubscription>?> SubscriptionsAsync(string? subscriptionId, IGrainFactory grains) =>
        subscriptionId is null ? await Registry(grains).List()
        : await FindAsync(subscriptionId, grains) is { } one ? [one]
        : null;

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IWebhookRegistryGrain>(WebhookIds.RegistryKey);

    private static ProblemHttpResult NotFound(string subscriptionId) =>
        ApiErrors.NotFound("webhook.not-found", $"Webhook subscription '{subscriptionId}' does not exist.");

    private static ProblemHttpResult DeliveryNotFound(string deliveryId) =>
        ApiErrors.NotFound("webhook.delivery.not-found", $"No dead letter '{deliveryId}'.");
}
