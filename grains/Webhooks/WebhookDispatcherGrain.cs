using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// Reads one shard of the order change feed and queues the webhook events of each change at every subscribed endpoint.
/// A change is acknowledged only when its events are durable in the endpoints' queues: if an endpoint cannot take them
/// the handler fails and the stream delivers the change again (endpoints ignore event ids they already have).
/// Each endpoint call is retried for a few seconds first (a partition moving between silos), since the stream gives up
/// on a change after a few quick attempts. A subscription receives the changes made after it was created.
/// </summary>
[GrainType("webhook-dispatcher")]
[ImplicitStreamSubscription(OrderStreams.Changes)]
public sealed class WebhookDispatcherGrain(ILogger<WebhookDispatcherGrain> logger) : Grain, IWebhookDispatcherGrain
{
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(30);

    private static readonly ResiliencePipeline EnqueueRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not DomainException and not OperationCanceledException and not ArgumentException),
        })
        .Build();

    private WebhookRoutingTable? _routes;

    private string Shard => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await GetStreamProvider(StockStreams.Provider)
            .GetStream<OrderChanged>(OrderStreams.Changes, Shard)
            .SubscribeAsync((change, _) => OnChangeAsync(change), cancellationToken: cancellationToken);

        // A push from the registry can be missed (a call failed, this activation was elsewhere): look now and then.
        RegisterGrainTimer(RefreshAsync, new GrainTimerCreationOptions(RefreshPeriod, RefreshPeriod));
    }

    public Task UpdateRoutes(WebhookRoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_routes is null || table.Version > _routes.Version)
        {
            _routes = table;
        }

        return Task.CompletedTask;
    }

    private async Task OnChangeAsync(OrderChanged change)
    {
        var types = WebhookEventMapper.EventTypesOf(change);
        if (types.Count == 0)
        {
            return;
        }

        if (_routes is null)
        {
            // Through UpdateRoutes: a newer table pushed while this call waited must not be replaced by this one.
            await UpdateRoutes(await Registry.GetRoutingTable());
        }

        var routes = _routes!;
        var targets = routes.Subscriptions
            .Where(s => s.CreatedAt <= change.UpdatedAt && types.Any(t => s.EventTypes.Contains(t, StringComparer.Ordinal)))
            .ToList();
        if (targets.Count == 0)
        {
            // The usual case without subscribers: nothing is serialized.
            return;
        }

        var events = WebhookEventMapper.Map(change, types.Where(t => targets.Any(s => s.EventTypes.Contains(t, StringComparer.Ordinal))));
        await Task.WhenAll(targets.Select(subscription => EnqueueAsync(
            subscription.Id, [.. events.Where(e => subscription.EventTypes.Contains(e.EventType, StringComparer.Ordinal))])));
    }

    private async Task EnqueueAsync(string subscriptionId, IReadOnlyList<WebhookEventMessage> events)
    {
        var endpoint = GrainFactory.GetGrain<IWebhookEndpointGrain>(subscriptionId);

        // Back on this activation after each wait, like any grain code.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true);
        try
        {
            await EnqueueRetry.ExecuteAsync(static async (_, state) => await state.endpoint.Enqueue(state.events), context, (endpoint, events));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await UpdateRoutes(await Registry.GetRoutingTable());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            WebhookLog.RefreshFailed(logger, Shard, exception);
        }
    }

    private IWebhookRegistryGrain Registry => GrainFactory.GetGrain<IWebhookRegistryGrain>(WebhookIds.RegistryKey);
}
