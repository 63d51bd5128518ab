using System.Diagnostics;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.OrderIndex;

/// <summary>The projector keeps the index in step with the order change feed, end to end in a silo.</summary>
public sealed class OrderIndexProjectionTests
{
    [Fact]
    public async Task Placed_and_cancelled_orders_reach_the_index_with_their_latest_status()
    {
        await using var harness = await DomainHarness.StartAsync();
        await StandardAsync(harness.Grains);
        await StockAsync(harness.Grains, "SKU-IX", "WH-SH", 100);
        var placed = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            harness.Grains.GetGrain<IOrderGrain>($"IX-{i}").Place(Order("C-IX", Shanghai, ("SKU-IX", i + 1)), Cmd($"ix-{i}"))));
        var cancelled = await harness.Grains.GetGrain<IOrderGrain>("IX-3").Cancel(null, "changed mind", Cmd("ix-cancel"));
        var search = harness.Grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey);

        var page = await EventuallyAsync(
            () => search.Search(new OrderQuery(CustomerId: "C-IX", PageSize: 50)),
            p => p.Items.Count == 20 && p.Items.Single(o => o.OrderId == "IX-3").Status == OrderStatus.Cancelled);

        Assert.Null(page.NextCursor);

        // The index keeps created times to the millisecond; the order id breaks ties.
        Assert.Equal(placed.OrderByDescending(o => o.CreatedAt.ToUnixTimeMilliseconds()).ThenByDescending(o => o.OrderId, StringComparer.Ordinal).Select(o => o.OrderId), page.Items.Select(o => o.OrderId));
        Assert.Equal(cancelled.Version, page.Items.Single(o => o.OrderId == "IX-3").Version);
        var cancelledOnly = await search.Search(new OrderQuery(CustomerId: "C-IX", Statuses: [OrderStatus.Cancelled]));
        Assert.Equal(["IX-3"], cancelledOnly.Items.Select(o => o.OrderId));
    }

    [Fact]
    public async Task An_order_whose_promise_is_put_at_risk_is_listed_at_risk_until_it_is_cancelled()
    {
        await using var harness = await DomainHarness.StartAsync();
        await ConfigureAsync(harness.Grains, ("WH-SH", "Shanghai", Shanghai));
        await StockAsync(harness.Grains, "SKU-AR", "WH-SH", 50);
        await CustomerAsync(harness.Grains, "C-AR");
        var order = harness.Grains.GetGrain<IOrderGrain>("AR-1");
        await order.Place(Order("C-AR", Beijing, ("SKU-AR", 5)), Cmd("ar-place"));
        await harness.Grains.GetGrain<IOrderGrain>("AR-2").Place(Order("C-AR", Beijing, ("SKU-AR", 1)), Cmd("ar-place-2"));
        var search = harness.Grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey);
        await EventuallyAsync(() => search.Search(new OrderQuery(CustomerId: "C-AR")), p => p.Items.Count == 2);
        Assert.Empty(await search.AtRisk(20));

        // Capacity falls to 1 unit a day with 6 units queued: the watch puts both promises at risk.
        await harness.Grains.GetGrain<IWarehouseGrain>("WH-SH").SetDailyCapacity(1);
        await harness.Grains.GetGrain<IPromiseWatchGrain>("WH-SH").Check();

        var atRisk = await EventuallyAsync(() => search.AtRisk(20), r => r.Count == 2);
        var first = atRisk.Single(r => r.Order.OrderId == "AR-1");
        var recorded = Assert.Single(await order.GetTimeline(), e => e.Type == OrderSearch.PromiseAtRiskEvent);
        Assert.True(first.AtRiskSince >= recorded.At.AddMilliseconds(-1), $"Marked at {first.AtRiskSince:O}, before the event at {recorded.At:O}.");

        await order.Cancel(null, "too late", Cmd("ar-cancel"));
        var after = await EventuallyAsync(() => search.AtRisk(20), r => r.Count == 1);
        Assert.Equal("AR-2", Assert.Single(after).Order.OrderId);
    }

    [Fact]
    public async Task At_risk_limit_outside_the_page_sizes_is_a_domain_error()
    {
        await using var harness = await DomainHarness.StartAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => harness.Grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey).AtRisk(0));

        Assert.Equal(OrderSearch.InvalidQueryCode, error.Code);
    }

    [Fact]
    public async Task Invalid_search_is_a_domain_error()
    {
        await using var harness = await DomainHarness.StartAsync();
        var search = harness.Grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey);

        var error = await Assert.ThrowsAsync<DomainException>(() => search.Search(new OrderQuery(PageSize: 500)));

        Assert.Equal(OrderSearch.InvalidQueryCode, error.Code);
    }

    /// <summary>Polls until <paramref name="done"/> holds; the index is eventually consistent with the orders.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"The index did not catch up in 20 s; last read: {value}");
            await Task.Delay(50);
        }
    }
}
