namespace OrderGrains.Interfaces.Orders;

/// <summary>
/// An order (<c>order/{id}</c>): its lifecycle state machine, allocation saga, edits, shipments, returns and
/// timeline. Every command takes a <see cref="CommandContext"/>; a replayed idempotency key returns the first result.
/// Refused commands throw <see cref="DomainException"/> and change nothing.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Places the order: validates, checks duplicates, allocates (reservation saga), promises and releases it.</summary>
    Task<OrderView> Place(PlaceOrder order, CommandContext context);

    [ReadOnly]
    Task<OrderView> Get();

    [ReadOnly]
    Task<IReadOnlyList<TimelineEvent>> GetTimeline();

    /// <summary>
    /// The timeline events after <paramref name="afterSequence"/>. A positive <paramref name="watchFor"/> asks the order to
    /// tell its <see cref="IOrderTimelineWatchGrain"/> about new events for that long (live feeds wait there, not here).
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<TimelineEvent>> GetTimelineAfter(long afterSequence, TimeSpan watchFor);

    /// <summary>Changes the address while nothing is picked; reroutes if the current allocation no longer fits.</summary>
    Task<OrderView> ChangeAddress(Address address, CommandContext context);

    /// <summary>Changes quantities, removes or adds lines while the affected lines are not picked.</summary>
    Task<OrderView> ChangeLines(IReadOnlyList<LineChange> changes, CommandContext context);

    /// <summary>Cancels the given lines (null: the whole order) while they are not picked.</summary>
    Task<OrderView> Cancel(IReadOnlyList<string>? lineIds, string reason, CommandContext context);

    /// <summary>Releases a held order (e.g. a duplicate the customer confirmed).</summary>
    Task<OrderView> ReleaseHold(CommandContext context);

    /// <summary>Applies a warehouse or carrier event to a shipment.</summary>
    Task<OrderView> RecordShipmentEvent(ShipmentEvent shipmentEvent, CommandContext context);

    /// <summary>Retries allocation of a backordered order (e.g. after a restock).</summary>
    Task<OrderView> RetryAllocation(CommandContext context);

    /// <summary>Moves unshipped work away from a warehouse (outage); also driven by the outage stream.</summary>
    Task<OrderView> Reroute(string warehouseId, string reason, CommandContext context);

    /// <summary>
    /// Re-evaluates the promises of the open shipments at <paramref name="warehouseId"/> (its backlog jumped, it degraded,
    /// a shipment is late): below the threshold, records an at-risk event with the ranked options and applies the one
    /// the policy chooses. Driven by the warehouse's promise watch.
    /// </summary>
    Task<OrderView> ReevaluatePromise(string warehouseId, string reason, CommandContext context);

    Task<OrderView> RequestReturn(ReturnRequest request, CommandContext context);

    /// <summary>Manual decision on a return under review.</summary>
    Task<OrderView> DecideReturn(bool approve, string note, CommandContext context);

    /// <summary>Receives returned goods: sellable units restock their slot; then refunds or creates the exchange order.</summary>
    Task<OrderView> ReceiveReturn(IReadOnlyList<ReceivedLine> lines, CommandContext context);
}
