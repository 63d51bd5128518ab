using System.Diagnostics;
using OrderGrains.Bench.Harness;

namespace OrderGrains.Bench.Orders;

/// <summary>
/// One placer of a placement run (grains, HTTP or the SQL baseline): places one order at a time until the run stops,
/// counts placed, refused and failed orders, and records the latency and units of orders placed while measuring.
/// </summary>
public abstract class PlacementLoop
{
    public LatencyHistogram Latency { get; } = new();

    public long Placed { get; private set; }

    public long Refused { get; private set; }

    public long Failed { get; private set; }

    public long MeasuredUnits { get; private set; }

    /// <summary>
    /// Runs <paramref name="concurrency"/> loops made by <paramref name="create"/> through warm-up and measurement;
    /// <paramref name="run"/> lets the caller follow the phases.
    /// </summary>
    public static async Task<PlacementFigures> RunAllAsync<TLoop>(TimedRun run, int concurrency, TimeSpan warmup, TimeSpan measure, Func<BenchOrder> next, Func<TLoop> create)
        where TLoop : PlacementLoop
    {
        var loops = new TLoop[concurrency];
        var tasks = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var loop = loops[i] = create();
            tasks[i] = Task.Run(() => loop.RunAsync(run, next));
        }

        await run.RunAsync(warmup, measure, tasks);
        return PlacementFigures.From(run, loops.Select(l => (l.Latency, l.Placed, l.Refused, l.Failed, l.MeasuredUnits)));
    }

    /// <summary>Places orders until the run stops.</summary>
    public virtual async Task RunAsync(TimedRun run, Func<BenchOrder> next)
    {
        while (!run.Stopping)
        {
            var order = next();
            var start = Stopwatch.GetTimestamp();
            var (placed, failure) = await PlaceAsync(order);
            if (placed is not { } wasPlaced)
            {
                if (Failed++ == 0)
                {
                    ResultWriter.Progress(failure ?? $"order {order.OrderId} failed");
                }

                continue;
            }

            if (wasPlaced)
            {
                Placed++;
            }
            else
            {
                Refused++;
            }

            if (run.Measuring && wasPlaced)
            {
                Latency.Record(Stopwatch.GetTimestamp() - start);
                MeasuredUnits += order.Lines.Sum(l => l.Quantity);
            }
        }
    }

    /// <summary>
    /// Places one order: true when placed, false when refused (backordered, held), null when it failed, with what to
    /// report about the first failure. Failures the placer does not expect are thrown and end the run.
    /// </summary>
    protected abstract Task<(bool? Placed, string? Failure)> PlaceAsync(BenchOrder order);
}
