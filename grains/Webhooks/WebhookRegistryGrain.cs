using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// The cluster's webhook subscriptions. A new subscription's endpoint is configured before the subscription is stored
/// and published, so no event is routed to an endpoint that cannot deliver it. Every change is pushed to the change
/// dispatchers (which also refresh on their own, so a missed push only delays routing).
/// </summary>
[GrainType("webhook-registry")]
public sealed class WebhookRegistryGrain(
    [PersistentState("registry")] IPersistentState<WebhookRegistryState> store,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookRegistryGrain> logger) : Grain, IWebhookRegistryGrain
{
    private const int MaxDescription = 200;

    private WebhookRegistryState State => store.State;

    public async Task<WebhookRegistration> Create(NewWebhookSubscription request, string? idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fingerprint = Fingerprint(request);
        if (idempotencyKey is not null && State.Subscriptions.Find(s => s.IdempotencyKey == idempotencyKey) is { } earlier)
        {
            return earlier.RequestFingerprint == fingerprint
                ? new WebhookRegistration(ToView(earlier), earlier.Secret)
                : throw new DomainException("webhook.idempotency-conflict", "This Idempotency-Key was used to create another subscription.");
        }

        Validate(request);
        if (State.Subscriptions.Count >= options.Value.MaxSubscriptions)
        {
            throw new DomainException("webhook.limit-reached", $"At most {options.Value.MaxSubscriptions} webhook subscriptions may exist; delete one first.");
        }

        var subscription = new StoredSubscription
        {
            Id = WebhookIds.NewSubscriptionId(),
            Url = request.Url,
            EventTypes = [.. request.EventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            CreatedAt = time.GetUtcNow(),
            Secret = "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32)),
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = fingerprint,
        };
        await GrainFactory.GetGrain<IWebhookEndpointGrain>(subscription.Id).Configure(new WebhookEndpointConfig(subscription.Id, subscription.Url, subscription.Secret));
        State.Subscriptions.Add(subscription);
        State.Version++;
        await store.WriteStateAsync();
        WebhookLog.Created(logger, subscription.Id, new Uri(subscription.Url).Host, string.Join(",", subscription.EventTypes));
        await PublishRoutesAsync();
        return new WebhookRegistration(ToView(subscription), subscription.Secret);
    }

    public Task<IReadOnlyList<WebhookSubscription>> List() =>
        Task.FromResult<IReadOnlyList<WebhookSubscription>>([.. State.Subscriptions.Select(ToView)]);

    public Task<WebhookSubscription?> Get(string subscriptionId) =>
        Task.FromResult(State.Subscriptions.Find(s => s.Id == subscriptionId) is { } found ? ToView(found) : null);

    public async Task<bool> Delete(string subscriptionId)
    {
        var subscription = State.Subscriptions.Find(s => s.Id == subscriptionId);
        if (subscription is null)
        {
            return false;
        }

        State.Subscriptions.Remove(subscription);
        State.Version++;
        await store.WriteStateAsync();
        await PublishRoutesAsync();

        // After routing stopped: what was still on its way is dropped by the removed endpoint.
        await GrainFactory.GetGrain<IWebhookEndpointGrain>(subscriptionId).Remove();
        WebhookLog.Deleted(logger, subscriptionId);
        return true;
    }

    public Task<WebhookRoutingTable> GetRoutingTable() => Task.FromResult(Table());

    private WebhookRoutingTable Table() => new(State.Version, [.. State.Subscriptions.Select(ToView)]);

    private async Task PublishRoutesAsync()
    {
        var table = Table();
        await Task.WhenAll(Enumerable.Range(0, OrderStreams.ChangeShards).Select(async shard =>
        {
            var key = $"shard-{shard}";
            try
            {
                await GrainFactory.GetGrain<IWebhookDispatcherGrain>(key).UpdateRoutes(table);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                WebhookLog.RoutesNotSent(logger, table.Version, key, exception);
            }
        }));
    }

    private void Validate(NewWebhookSubscription request)
    {
        if (WebhookUrlPolicy.Check(request.Url, options.Value) is { } urlProblem)
        {
            throw new DomainException("webhook.url-not-allowed", urlProblem);
        }

        if (request.EventTypes is null || request.EventTypes.Count == 0 || request.EventTypes.Any(t => !WebhookEventTypes.IsKnown(t)))
        {
            throw new DomainException("webhook.invalid", $"Event types must be one or more of: {string.Join(", ", WebhookEventTypes.All)}.");
        }

        if (request.Description is { Length: > MaxDescription } || (request.Description?.Any(char.IsControl) ?? false))
        {
            throw new DomainException("webhook.invalid", $"The description must be at most {MaxDescription} characters without control characters.");
        }
    }

    private static WebhookSubscription ToView(StoredSubscription s) => new(s.Id, s.Url, [.. s.EventTypes], s.Description, s.CreatedAt);

    private static string Fingerprint(NewWebhookSubscription request) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{request.Url}\n{string.Join(",", (request.EventTypes ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}\n{request.Description}")));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
