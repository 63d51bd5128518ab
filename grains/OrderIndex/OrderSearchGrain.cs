using System.Diagnostics;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>Order search (<c>order-search/all</c>), a stateless worker over the order index.</summary>
[GrainType("order-search")]
[StatelessWorker]
[Reentrant]
public sealed class OrderSearchGrain(IOrderIndexStore store, OrderIndexMetrics metrics) : Grain, IOrderSearchGrain
{
    public async Task<OrderPage> Search(OrderQuery query)
    {
        if (query is null)
        {
            throw new DomainException(OrderSearch.InvalidQueryCode, "A search needs a query.");
        }

        var errors = OrderSearch.Validate(query);
        if (errors.Count > 0)
        {
            throw new DomainException(OrderSearch.InvalidQueryCode, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        }

        var started = Stopwatch.GetTimestamp();
        var page = await store.SearchAsync(query, CancellationToken.None);
        metrics.Searched(Stopwatch.GetElapsedTime(started));
        return page;
    }

    public Task<IReadOnlyList<AtRiskOrderSummary>> AtRisk(int limit)
    {
        if (limit is < OrderSearch.MinPageSize or > OrderSearch.MaxPageSize)
        {
            throw new DomainException(OrderSearch.InvalidQueryCode, $"limit: between {OrderSearch.MinPageSize} and {OrderSearch.MaxPageSize}.");
        }

        return store.AtRiskAsync(limit, CancellationToken.None);
    }

    public Task<OrderIndexCounts> Count(DateTimeOffset createdSince) => store.CountAsync(createdSince, CancellationToken.None);
}
