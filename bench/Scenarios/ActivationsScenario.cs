using System.Diagnostics;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Heap bytes per idle activation of a trivial grain, against the same number of grain-sized objects in a
/// string-keyed Dictionary (keys, entries and objects: what any actor table would hold at the least).
/// </summary>
public sealed class ActivationsScenario(BenchArgs args) : IScenario
{
    public const string Name = "activations";

    private readonly int _count = args.GetInt("count", 1_000_000);
    private readonly int _concurrency = args.GetInt("concurrency", 2_000);

    public async Task<ScenarioResult> RunAsync()
    {
        ResultWriter.Progress($"{Name}: baseline, {_count:N0} objects in a Dictionary<string, object>");
        var baselineBytes = MeasureBaseline();
        ResultWriter.Progress($"{Name}: baseline {baselineBytes / (double)_count:N1} B/object");

        var silo = await TestSilo.StartAsync(silo => silo.Configure(o =>
        {
            // Nothing may be collected while the run lasts.
            o.CollectionAge = TimeSpan.FromDays(1);
            o.CollectionQuantum = TimeSpan.FromHours(1);
        }));
        try
        {
            // One activation first so per-type and per-silo lazy state is not counted.
            await silo.GrainFactory.GetGrain<IBenchIdleGrain>("warm").Touch();
            var before = GcMeasure.SettledHeapBytes();
            ResultWriter.Progress($"{Name}: activating {_count:N0} grains, {_concurrency} in flight");
            var watch = Stopwatch.StartNew();
            await ActivateAllAsync(silo.GrainFactory);
            var activationSeconds = watch.Elapsed.TotalSeconds;
            var after = GcMeasure.SettledHeapBytes();
            var perActivation = (after - before) / (double)_count;
            var baselinePerObject = baselineBytes / (double)_count;
            ResultWriter.Progress($"{Name}: {perActivation:N1} B/activation ({_count / activationSeconds:N0} activations/s)");

            // Still alive (not collected) at the end?
            await silo.GrainFactory.GetGrain<IBenchIdleGrain>("a-0").Touch();

            var json = ResultWriter.Create(Name, perActivation, "bytes/activation", baselinePerObject);
            json["count"] = _count;
            json["runtime_overhead_bytes_per_activation"] = ResultWriter.Round((after - before - baselineBytes) / (double)_count);
            json["baseline_kind"] = "Dictionary<string, BareGrain> with new key strings and 24-byte objects (one reference field, like Grain)";
            json["heap_before_bytes"] = before;
            json["heap_after_bytes"] = after;
            json["activations_per_s"] = ResultWriter.Round(_count / activationSeconds);
            json["concurrency"] = _concurrency;
            json["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
            json["goal_overhead_bytes"] = 1024;
            json["goal_met"] = (after - before - baselineBytes) / (double)_count <= 1024;
            return new ScenarioResult(json);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private long MeasureBaseline()
    {
        var before = GcMeasure.SettledHeapBytes();
        var table = new Dictionary<string, BareGrain>(StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            table.Add("a-" + i, new BareGrain(table));
        }

        var after = GcMeasure.SettledHeapBytes();
        GC.KeepAlive(table);
        return after - before;
    }

    private async Task ActivateAllAsync(IGrainFactory factory)
    {
        var next = -1;
        var workers = new Task[Math.Min(_concurrency, _count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < _count)
                {
                    await factory.GetGrain<IBenchIdleGrain>("a-" + i).Touch();
                }
            });
        }

        await Task.WhenAll(workers);
    }

    /// <summary>Grain-class sized: object header plus one reference (Grain holds its context).</summary>
    private sealed class BareGrain(object context)
    {
        public object Context { get; } = context;
    }
}
