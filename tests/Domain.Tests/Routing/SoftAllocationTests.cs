using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Routing;

/// <summary>
/// Allocations routed before the SKU view shows their reservations (a burst) count against the stock they chose;
/// quotes do not, and claims never keep an order from stock its slots still have. Nothing is reserved here, so the
/// view stays as seeded and only the claims differ between the calls.
/// </summary>
public sealed class SoftAllocationTests : IAsyncLifetime
{
    private DomainHarness _harness = null!;

    private IRoutingGrain Routing => _harness.Grains.GetGrain<IRoutingGrain>("default");

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync();
        await StandardAsync(_harness.Grains);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_burst_of_allocations_spreads_over_warehouses_once_the_best_ones_stock_is_claimed()
    {
        await StockAsync(_harness.Grains, "SKU-SOFT-1", "WH-SH", 2);
        await StockAsync(_harness.Grains, "SKU-SOFT-1", "WH-BJ", 10);

        var chosen = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            chosen.Add(Single(await Routing.Route(Request($"ORD-SOFT-{i}", "SKU-SOFT-1", reserving: true))));
        }

        Assert.Equal(["WH-SH", "WH-SH", "WH-BJ"], chosen);
    }

    [Fact]
    public async Task Quotes_claim_nothing()
    {
        await StockAsync(_harness.Grains, "SKU-SOFT-2", "WH-SH", 1);
        await StockAsync(_harness.Grains, "SKU-SOFT-2", "WH-BJ", 10);

        var first = await Routing.Route(Request("quote", "SKU-SOFT-2", reserving: false));
        var second = await Routing.Route(Request("quote", "SKU-SOFT-2", reserving: false));

        Assert.Equal("WH-SH", Single(first));
        Assert.Equal("WH-SH", Single(second));
    }

    [Fact]
    public async Task When_claims_leave_no_plan_the_stock_slots_decide()
    {
        // The first allocation claims the only unit but never reserves it (its order failed elsewhere): the slot still
        // has it, so the next order gets it instead of a backorder.
        await StockAsync(_harness.Grains, "SKU-SOFT-3", "WH-SH", 1);

        var first = await Routing.Route(Request("ORD-SOFT-A", "SKU-SOFT-3", reserving: true));
        var second = await Routing.Route(Request("ORD-SOFT-B", "SKU-SOFT-3", reserving: true));

        Assert.Equal("WH-SH", Single(first));
        Assert.Equal("WH-SH", Single(second));
    }

    [Fact]
    public async Task When_claims_leave_no_plan_stock_the_view_still_shows_but_the_slot_no_longer_has_is_not_chosen()
    {
        // The view says one unit (its slot's later events are still on their way); the slot itself has none.
        var view = _harness.Grains.GetGrain<ISkuInventoryGrain>("SKU-SOFT-4");
        await _harness.Silo.Services.GetStreamProvider(StockStreams.Provider).GetStream<AvailabilityChanged>(StockStreams.Availability, "SKU-SOFT-4")
            .OnNextAsync(new AvailabilityChanged("SKU-SOFT-4", "WH-SH", 1, 1, 0, null, DateTimeOffset.UtcNow.AddSeconds(-1)));
        while (!(await view.GetAvailability()).Any(a => a.Available == 1))
        {
            await Task.Delay(10);
        }

        var first = await Routing.Route(Request("ORD-SOFT-C", "SKU-SOFT-4", reserving: true));
        var second = await Routing.Route(Request("ORD-SOFT-D", "SKU-SOFT-4", reserving: true));

        Assert.Equal("WH-SH", Single(first));
        Assert.False(second.Success);
    }

    private static string Single(RoutingDecision decision)
    {
        Assert.True(decision.Success, decision.FailureReason);
        return Assert.Single(decision.Shipments).WarehouseId;
    }

    private static RoutingRequest Request(string orderId, string sku, bool reserving) => new(
        orderId, [new RoutingLine("L1", sku, 1, null)], AddressIn(Shanghai), CustomerTier.Standard, true, ShippingSpeed.Standard, [], Reserving: reserving);
}
