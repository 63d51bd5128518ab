using OrderGrains.Grains.Orders;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Domain.Tests.Orders;

public sealed class OrderTransitionTests
{
    public static TheoryData<OrderStatus, OrderStatus> Valid => new()
    {
        { OrderStatus.Created, OrderStatus.Validated },
        { OrderStatus.Validated, OrderStatus.Allocated },
        { OrderStatus.Validated, OrderStatus.OnHold },
        { OrderStatus.Validated, OrderStatus.Backordered },
        { OrderStatus.Allocated, OrderStatus.Promised },
        { OrderStatus.Promised, OrderStatus.ReleasedToWarehouse },
        { OrderStatus.ReleasedToWarehouse, OrderStatus.Picked },
        { OrderStatus.Picked, OrderStatus.Shipped },
        { OrderStatus.Shipped, OrderStatus.Delivered },
        { OrderStatus.Delivered, OrderStatus.ReturnRequested },
        { OrderStatus.ReturnRequested, OrderStatus.ReturnApproved },
        { OrderStatus.ReturnRequested, OrderStatus.ReturnRejected },
        { OrderStatus.ReturnApproved, OrderStatus.ReturnReceived },
        { OrderStatus.ReturnReceived, OrderStatus.Refunded },
        { OrderStatus.ReturnReceived, OrderStatus.Exchanged },
        { OrderStatus.Backordered, OrderStatus.Allocated },
        { OrderStatus.OnHold, OrderStatus.Allocated },
        { OrderStatus.ReleasedToWarehouse, OrderStatus.Cancelled },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_transition_is_allowed(OrderStatus from, OrderStatus to) => OrderTransitions.Ensure(from, to, "test");

    [Fact]
    public void Every_transition_not_in_the_lifecycle_is_refused_with_a_reason()
    {
        var allowed = new HashSet<(OrderStatus, OrderStatus)>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                if (OrderTransitions.IsAllowed(from, to))
                {
                    allowed.Add((from, to));
                    continue;
                }

                var error = Assert.Throws<DomainException>(() => OrderTransitions.Ensure(from, to, "Cmd"));
                Assert.Equal("order.invalid-transition", error.Code);
                Assert.Contains($"{from} cannot become {to}", error.Message, StringComparison.Ordinal);
            }
        }

        // Nothing leaves a terminal state; nothing goes back before pick once shipped.
        Assert.DoesNotContain(allowed, t => t.Item1 is OrderStatus.Cancelled or OrderStatus.Refunded or OrderStatus.Exchanged or OrderStatus.ReturnRejected);
        Assert.DoesNotContain((OrderStatus.Shipped, OrderStatus.Cancelled), allowed);
        Assert.DoesNotContain((OrderStatus.Picked, OrderStatus.Allocated), allowed);
        Assert.DoesNotContain((OrderStatus.Created, OrderStatus.Delivered), allowed);
    }
}
