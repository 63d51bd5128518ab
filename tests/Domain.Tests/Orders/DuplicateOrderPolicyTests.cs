using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderGrains.Grains.Customers;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Orders;

public sealed class DuplicateOrderPolicyTests
{
    [Fact]
    public async Task Near_duplicate_is_held_until_released_then_allocated()
    {
        await using var harness = await StartAsync(DuplicatePolicy.HoldForConfirmation);
        await harness.Grains.GetGrain<IOrderGrain>("D-1").Place(Order("C-D", Shanghai, ("SKU-D", 1)), Cmd("p"));
        var held = await harness.Grains.GetGrain<IOrderGrain>("D-2").Place(Order("C-D", Shanghai, ("SKU-D", 1)), Cmd("p"));

        Assert.Equal(OrderStatus.OnHold, held.Status);
        Assert.Contains("D-1", held.HoldReason, StringComparison.Ordinal);
        Assert.Equal(1, (await Slot(harness).GetSnapshot()).Reserved);

        var released = await harness.Grains.GetGrain<IOrderGrain>("D-2").ReleaseHold(Cmd("confirm"));
        Assert.Equal(OrderStatus.ReleasedToWarehouse, released.Status);
        Assert.Equal(2, (await Slot(harness).GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Near_duplicate_is_merged_into_the_earlier_order_when_the_policy_says_so()
    {
        await using var harness = await StartAsync(DuplicatePolicy.Merge);
        await harness.Grains.GetGrain<IOrderGrain>("M-1").Place(Order("C-M", Shanghai, ("SKU-D", 1)), Cmd("p"));
        var merged = await harness.Grains.GetGrain<IOrderGrain>("M-2").Place(Order("C-M", Shanghai, ("SKU-D", 1)), Cmd("p"));

        Assert.Equal(OrderStatus.Cancelled, merged.Status);
        Assert.Contains("merged-into:M-1", merged.Flags);
        Assert.Equal(1, (await Slot(harness).GetSnapshot()).Reserved);
    }

    [Fact]
    public async Task Gift_orders_are_never_treated_as_duplicates()
    {
        await using var harness = await StartAsync(DuplicatePolicy.Merge);
        var gift = Order("C-G", Shanghai, ("SKU-D", 1)) with { IsGift = true };
        await harness.Grains.GetGrain<IOrderGrain>("G-1").Place(gift, Cmd("p"));
        var second = await harness.Grains.GetGrain<IOrderGrain>("G-2").Place(gift, Cmd("p"));

        Assert.Equal(OrderStatus.ReleasedToWarehouse, second.Status);
    }

    private static async Task<DomainHarness> StartAsync(DuplicatePolicy policy)
    {
        var harness = await DomainHarness.StartAsync(services =>
            services.AddSingleton<IOptions<CustomerPolicyOptions>>(Options.Create(new CustomerPolicyOptions { DuplicatePolicy = policy })));
        await StandardAsync(harness.Grains);
        await StockAsync(harness.Grains, "SKU-D", "WH-SH", 10);
        return harness;
    }

    private static IStockSlotGrain Slot(DomainHarness harness) => harness.Grains.GetGrain<IStockSlotGrain>(StockSlotKey.For("SKU-D", "WH-SH"));
}
