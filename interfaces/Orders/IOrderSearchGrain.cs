namespace OrderGrains.Interfaces.Orders;

/// <summary>
/// Order list and search over the order index, a read model fed by <see cref="OrderStreams.Changes"/>
/// (eventually consistent: an order appears shortly after its change is committed). A stateless worker: get it with
/// the key <see cref="OrderSearch.GrainKey"/>.
/// </summary>
public interface IOrderSearchGrain : IGrainWithStringKey
{
    /// <summary>
    /// One page of orders matching <paramref name="query"/>, newest first (created time, then order id, descending).
    /// An invalid query throws <see cref="DomainException"/> with code <see cref="OrderSearch.InvalidQueryCode"/>.
    /// </summary>
    [ReadOnly]
    Task<OrderPage> Search(OrderQuery query);

    /// <summary>
    /// The <paramref name="limit"/> orders most recently put at risk (a <c>PromiseAtRisk</c> event) that have not
    /// shipped, been cancelled or gone further since, newest first. A limit outside
    /// <see cref="OrderSearch.MinPageSize"/>-<see cref="OrderSearch.MaxPageSize"/> throws <see cref="DomainException"/>
    /// with code <see cref="OrderSearch.InvalidQueryCode"/>.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<AtRiskOrderSummary>> AtRisk(int limit);

    /// <summary>Orders per status, orders created at or after <paramref name="createdSince"/>, and split-shipment counts.</summary>
    [ReadOnly]
    Task<OrderIndexCounts> Count(DateTimeOffset createdSince);
}
