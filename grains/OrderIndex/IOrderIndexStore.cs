using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>
/// The order index: the latest <see cref="OrderChanged"/> summary of every order, searchable by customer, status,
/// channel and created time with keyset paging.
/// </summary>
public interface IOrderIndexStore
{
    /// <summary>Creates or migrates the index's own schema; safe to call again and from several processes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the changes in one transaction. A change replaces an order's row only when its version is newer than the
    /// stored one, so redelivered and out-of-order (stale) changes are ignored.
    /// </summary>
    /// <returns>The number of rows inserted or replaced (changes ignored as stale do not count).</returns>
    Task<int> UpsertAsync(IReadOnlyList<OrderChanged> changes, CancellationToken cancellationToken);

    /// <summary>One page of matching orders, newest first (created time, then order id, descending).</summary>
    /// <exception cref="ArgumentException">The query is invalid (see <see cref="OrderSearch.Validate"/>).</exception>
    Task<OrderPage> SearchAsync(OrderQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The <paramref name="limit"/> orders most recently marked at risk, newest first (at-risk time, then order id,
    /// descending). A change whose <see cref="OrderChanged.EventTypes"/> holds <see cref="OrderSearch.PromiseAtRiskEvent"/>
    /// marks its order with its update time; a change to one of <see cref="OrderSearch.PastRiskStatuses"/> clears the
    /// mark; any other change keeps it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1-<see cref="OrderSearch.MaxPageSize"/>.</exception>
    Task<IReadOnlyList<AtRiskOrderSummary>> AtRiskAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Orders per status, created since <paramref name="createdSince"/>, and by number of warehouses (one pass over the index).</summary>
    Task<OrderIndexCounts> CountAsync(DateTimeOffset createdSince, CancellationToken cancellationToken);
}
