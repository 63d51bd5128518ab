using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;
using static OrderGrains.Domain.Tests.Orders.TestNetwork;

namespace OrderGrains.Domain.Tests.Warehouses;

/// <summary>
/// An outage notice whose delivery fails because one order could not be rerouted is delivered again, and the second
/// delivery asks only the orders still allocated at the warehouse (a call filter fails the first reroute of one order).
/// </summary>
public sealed class OutageRetryTests : IAsyncLifetime
{
    private readonly FailFirstReroute _filter = new("RETRY-2");
    private DomainHarness _harness = null!;

    private IGrainFactory Grains => _harness.Grains;

    public async Task InitializeAsync()
    {
        _harness = await DomainHarness.StartAsync(services => services.AddSingleton<IIncomingGrainCallFilter>(_filter));
        await StandardAsync(Grains);
        for (var i = 1; i <= 3; i++)
        {
            await CustomerAsync(Grains, $"C-RETRY-{i}");
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_failed_reroute_is_retried_for_the_orders_left_only()
    {
        await StockAsync(Grains, "SKU-R", "WH-SH", 3);
        await StockAsync(Grains, "SKU-R", "WH-BJ", 3);
        var orders = Enumerable.Range(1, 3).Select(i => Grains.GetGrain<IOrderGrain>($"RETRY-{i}")).ToList();
        for (var i = 0; i < orders.Count; i++)
        {
            var placed = await orders[i].Place(Order($"C-RETRY-{i + 1}", Shanghai, ("SKU-R", 1)), Cmd("p"));
            Assert.Equal("WH-SH", placed.Shipments.Single().WarehouseId);
        }

        await Grains.GetGrain<IWarehouseGrain>("WH-SH").SetStatus(WarehouseStatus.Offline, "flooded");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Task.WhenAll(orders.Select(o => o.Get()))).Any(v => v.Shipments.Any(s => s.WarehouseId == "WH-SH" && s.Status != ShipmentStatus.Cancelled)))
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal(2, _filter.Attempts("RETRY-2"));
        Assert.Equal(1, _filter.Attempts("RETRY-1"));
        Assert.Equal(1, _filter.Attempts("RETRY-3"));
        Assert.Empty(await Grains.GetGrain<IWarehouseGrain>("WH-SH").GetAllocatedOrders());
        foreach (var order in orders)
        {
            Assert.Contains("flooded", (await order.GetTimeline()).Single(e => e.Type == "Rerouted").Reason, StringComparison.Ordinal);
        }
    }

    /// <summary>Counts reroutes per order and fails the first one of <paramref name="failing"/>.</summary>
    private sealed class FailFirstReroute(string failing) : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

        public int Attempts(string orderId) => _attempts.GetValueOrDefault(orderId);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            var request = context.Request;
            if (request.InterfaceType != typeof(IOrderGrain) || request.MethodName != nameof(IOrderGrain.Reroute))
            {
                return context.Invoke();
            }

            var orderId = request.TargetId.Key;
            return _attempts.AddOrUpdate(orderId, 1, (_, n) => n + 1) == 1 && orderId == failing
                ? Task.FromException(new InvalidOperationException($"order {orderId} is unreachable (test)"))
                : context.Invoke();
        }
    }
}
