using System.Text.Json;
using OrderGrains.Bench.Harness;
using OrderGrains.Grains.DemoData;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Bench.Orders;

/// <summary>A line of a benchmark order.</summary>
public sealed record BenchLine(string Sku, int Quantity, decimal UnitPrice, double WeightKg);

/// <summary>A benchmark order: unique order and customer ids (no duplicate holds), 1-3 lines, a real address.</summary>
public sealed record BenchOrder(string OrderId, string CustomerId, IReadOnlyList<BenchLine> Lines, Address ShipTo)
{
    public string ShipToJson => JsonSerializer.Serialize(ShipTo);

    public PlaceOrder ToPlaceOrder() =>
        new(CustomerId, "web", [.. Lines.Select(l => new OrderLineInput(l.Sku, l.Quantity, l.UnitPrice, WeightKg: l.WeightKg))], ShipTo);
}

/// <summary>
/// Generates orders. <c>uniform</c>: 1-3 distinct random SKUs of the pool, 1-2 units each, to a random demo customer's
/// address. <c>hot</c> (flash sale): 90% are one unit of the hot SKU shipped to the hot city, 10% uniform.
/// Thread-safe (a per-thread random and an atomic counter).
/// </summary>
public sealed class OrderWorkload(string prefix, IReadOnlyList<DemoSku> pool, IReadOnlyList<Address> addresses, DemoSku? hotSku, Address? hotAddress)
{
    private readonly ThreadLocal<Random> _random = new(() => new Random(Environment.CurrentManagedThreadId * 7919));
    private long _next;

    public long Generated => Interlocked.Read(ref _next);

    public BenchOrder Next()
    {
        var n = Interlocked.Increment(ref _next);
        var random = _random.Value!;
        var id = $"{prefix}-{n}";
        var customer = $"BENCH-C-{prefix}-{n}";
        if (hotSku is not null && random.NextDouble() < 0.9)
        {
            return new BenchOrder(id, customer, [new BenchLine(hotSku.Sku, 1, hotSku.Price, hotSku.WeightKg)], hotAddress!);
        }

        var count = random.Next(1, 4);
        var lines = new List<BenchLine>(count);
        while (lines.Count < count)
        {
            var sku = pool[random.Next(pool.Count)];
            if (!lines.Exists(l => l.Sku == sku.Sku))
            {
                lines.Add(new BenchLine(sku.Sku, random.Next(1, 3), sku.Price, sku.WeightKg));
            }
        }

        return new BenchOrder(id, customer, lines, addresses[random.Next(addresses.Count)]);
    }
}

/// <summary>Throughput and latency of a placement run.</summary>
public sealed record PlacementFigures(double OrdersPerSecond, double P50Ms, double P99Ms, double MeanMs, long Placed, long Refused, long Failed, long MeasuredOrders, double Seconds, long MeasuredUnits)
{
    public static PlacementFigures From(TimedRun run, IEnumerable<(LatencyHistogram Latency, long Placed, long Refused, long Failed, long Units)> loops)
    {
        var latency = new LatencyHistogram();
        long placed = 0, refused = 0, failed = 0, units = 0;
        foreach (var loop in loops)
        {
            latency.Add(loop.Latency);
            placed += loop.Placed;
            refused += loop.Refused;
            failed += loop.Failed;
            units += loop.Units;
        }

        return new PlacementFigures(
            latency.Count / run.Elapsed.TotalSeconds,
            latency.PercentileMicros(0.5) / 1000,
            latency.PercentileMicros(0.99) / 1000,
            latency.MeanMicros / 1000,
            placed,
            refused,
            failed,
            latency.Count,
            run.Elapsed.TotalSeconds,
            units);
    }
}

/// <summary>Placement through the grains: each loop places one order at a time and keeps every returned view.</summary>
public sealed class GrainPlacer(IGrainFactory grains)
{
    public async Task<(PlacementFigures Figures, List<OrderView> Views)> RunAsync(int concurrency, TimeSpan warmup, TimeSpan measure, Func<BenchOrder> next, Func<Task>? onMeasuring = null, Func<Task>? onStopping = null)
    {
        var run = new TimedRun();
        var loops = new List<Loop>(concurrency);
        var hook = Task.Run(async () =>
        {
            while (!run.Measuring && !run.Stopping)
            {
                await Task.Delay(5);
            }

            if (onMeasuring is not null)
            {
                await onMeasuring();
            }

            while (!run.Stopping)
            {
                await Task.Delay(5);
            }

            if (onStopping is not null)
            {
                await onStopping();
            }
        });
        var figures = await PlacementLoop.RunAllAsync(run, concurrency, warmup, measure, next, () =>
        {
            var loop = new Loop(grains);
            loops.Add(loop);
            return loop;
        });
        await hook;
        return (figures, loops.SelectMany(l => l.Views).ToList());
    }

    private sealed class Loop(IGrainFactory grains) : PlacementLoop
    {
        public List<OrderView> Views { get; } = [];

        protected override async Task<(bool? Placed, string? Failure)> PlaceAsync(BenchOrder order)
        {
            OrderView view;
            try
            {
                view = await grains.GetGrain<IOrderGrain>(order.OrderId).Place(order.ToPlaceOrder(), new CommandContext("place", "bench"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (null, $"order {order.OrderId} failed: {e.GetType().Name}: {e.Message}");
            }

            Views.Add(view);
            return (view.Status == OrderStatus.ReleasedToWarehouse, null);
        }
    }
}
