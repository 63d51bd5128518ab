using Microsoft.Extensions.Logging;
using OrderGrains.Grains.Rules;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Orders;

/// <summary>What the business rules decided for an order, and what the shadow version would have decided.</summary>
internal sealed record RulesOutcome(RuleDecision Decision, string Via, RuleDecision? Shadow, IReadOnlyList<string> ShadowDifferences);

/// <summary>
/// An order's side of business rules: picks the version that decides (canary or active, from the silo's compiled
/// cache), gathers the facts its conditions need (stock and warehouses only when some condition looks at them),
/// evaluates it and the shadow version, and reports the shadow's would-be decision (counted, logged, never acted on).
/// </summary>
internal sealed class OrderRules(IGrainFactory grains, RuleSetCache cache, RulesMetrics metrics, string orderId, ILogger logger)
{
    public async Task<RulesOutcome?> EvaluateAsync(OrderState state, CustomerProfile customer, DateTimeOffset now)
    {
        var snapshot = await cache.GetAsync();
        if (snapshot.IsEmpty)
        {
            return null;
        }

        var selection = snapshot.Select(state.CustomerId, state.Channel, now);
        if (selection.Deciding is null && selection.Shadow is null)
        {
            return null;
        }

        var lines = state.ActiveLines.Select(l => (l.Sku, l.Quantity, l.UnitPrice, l.IsGift)).ToList();
        var needsStock = (selection.Deciding?.NeedsStock ?? false) || (selection.Shadow?.NeedsStock ?? false);
        var needsWarehouses = (selection.Deciding?.NeedsWarehouses ?? false) || (selection.Shadow?.NeedsWarehouses ?? false);
        var stock = needsStock ? await StockAsync(lines.Select(l => l.Sku)) : null;
        var warehouses = needsWarehouses ? await WarehousesAsync() : null;
        var facts = RuleFacts.For(orderId, state.CustomerId, state.Channel, lines, state.ShipTo!, state.IsGift, state.Speed, state.Note, customer, now, stock, warehouses);

        var decision = selection.Deciding?.Evaluate(facts) ?? RuleDecision.None(0);
        if (selection.Deciding is not null)
        {
            metrics.Evaluated(decision.VersionId, selection.Via);
        }

        if (selection.Shadow is not { } shadowRules)
        {
            return new RulesOutcome(decision, selection.Via, null, []);
        }

        var shadow = shadowRules.Evaluate(facts);
        var differences = shadow.DifferencesFrom(decision);
        metrics.Shadow(shadow.VersionId, differences.Count > 0);
        try
        {
            await grains.GetGrain<IRuleShadowGrain>(shadow.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Record(new ShadowObservation(orderId, state.CustomerId, decision.VersionId, shadow.VersionId, shadow.MatchedRules, differences, now));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The shadow is an observer: losing one observation never fails the order.
            RulesLog.ShadowRecordFailed(logger, orderId, exception);
        }

        return new RulesOutcome(decision, selection.Via, shadow, differences);
    }

    private async Task<Dictionary<string, StockFact>?> StockAsync(IEnumerable<string> skus)
    {
        try
        {
            var distinct = skus.Distinct(StringComparer.Ordinal).ToList();
            var reads = await Task.WhenAll(distinct.Select(s => grains.GetGrain<ISkuInventoryGrain>(s).GetAvailability()));
            var availability = new Dictionary<string, IReadOnlyList<SkuAvailability>>(StringComparer.Ordinal);
            for (var i = 0; i < distinct.Count; i++)
            {
                availability[distinct[i]] = reads[i];
            }

            return RuleFacts.StockOf(availability);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not DomainException)
        {
            RulesLog.FactsUnavailable(logger, "stock", orderId, exception);
            return null;
        }
    }

    private async Task<IReadOnlyList<WarehouseSnapshot>?> WarehousesAsync()
    {
        try
        {
            return await grains.GetGrain<IWarehouseDirectoryGrain>(WarehouseDirectoryGrain.Key).List();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not DomainException)
        {
            RulesLog.FactsUnavailable(logger, "warehouses", orderId, exception);
            return null;
        }
    }
}
