using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.Orders;

/// <summary>The order lifecycle: which status may follow which. Anything else is refused with a reason.</summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Created] = [OrderStatus.Validated, OrderStatus.Cancelled],
        [OrderStatus.Validated] = [OrderStatus.Allocated, OrderStatus.Backordered, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.OnHold] = [OrderStatus.Validated, OrderStatus.Allocated, OrderStatus.Backordered, OrderStatus.Cancelled],
        [OrderStatus.Backordered] = [OrderStatus.Allocated, OrderStatus.Backordered, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.Allocated] = [OrderStatus.Promised, OrderStatus.Allocated, OrderStatus.Backordered, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.Promised] = [OrderStatus.ReleasedToWarehouse, OrderStatus.Allocated, OrderStatus.Backordered, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.ReleasedToWarehouse] = [OrderStatus.Picked, OrderStatus.Allocated, OrderStatus.Backordered, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.Picked] = [OrderStatus.Shipped],
        [OrderStatus.Shipped] = [OrderStatus.Delivered],
        [OrderStatus.Delivered] = [OrderStatus.ReturnRequested, OrderStatus.ReturnApproved, OrderStatus.ReturnRejected],
        [OrderStatus.ReturnRequested] = [OrderStatus.ReturnApproved, OrderStatus.ReturnRejected],
        [OrderStatus.ReturnApproved] = [OrderStatus.ReturnReceived],
        [OrderStatus.ReturnReceived] = [OrderStatus.Refunded, OrderStatus.Exchanged],
        [OrderStatus.ReturnRejected] = [],
        [OrderStatus.Refunded] = [],
        [OrderStatus.Exchanged] = [],
        [OrderStatus.Cancelled] = [],
    };

    /// <summary>True if <paramref name="to"/> may follow <paramref name="from"/>.</summary>
    public static bool IsAllowed(OrderStatus from, OrderStatus to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Throws <see cref="DomainException"/> (<c>order.invalid-transition</c>) unless the transition is allowed.</summary>
    public static void Ensure(OrderStatus from, OrderStatus to, string command)
    {
        if (!IsAllowed(from, to))
        {
            throw new DomainException("order.invalid-transition", $"{command} is not possible: an order that is {from} cannot become {to}.");
        }
    }

    /// <summary>True for a status nothing can follow.</summary>
    public static bool IsFinal(OrderStatus status) => Allowed.TryGetValue(status, out var next) && next.Length == 0;

    /// <summary>True while nothing of the order has left the shelf (edits and cancellation allowed).</summary>
    public static bool IsBeforePick(OrderStatus status) => status is OrderStatus.Created or OrderStatus.Validated or OrderStatus.OnHold
        or OrderStatus.Backordered or OrderStatus.Allocated or OrderStatus.Promised or OrderStatus.ReleasedToWarehouse;
}
