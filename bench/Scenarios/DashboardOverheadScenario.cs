using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Dashboard;
using OrderGrains.Dashboard.Calls;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// What the dashboard's call filter costs while nobody watches: the <c>local-calls</c> workload (ping calls from many
/// callers to many grains) on a silo with the filter registered and no viewer, against the same workload on a silo
/// without it. Both silos run in this process. In each round both workloads run at the same time (half the callers
/// each), so load from other processes on a shared machine hits both alike; rounds are repeated and value, baseline and
/// ratio are medians over them (<c>--mode alternate</c> runs them one after the other instead).
/// </summary>
public sealed class DashboardOverheadScenario(BenchArgs args) : IScenario
{
    public const string Name = "dashboard-overhead";

    private readonly double _seconds = args.GetDouble("seconds", 3, min: 0.1);
    private readonly double _warmup = args.GetDouble("warmup", 1);
    private readonly int _rounds = args.GetInt("rounds", 5);
    private readonly int _grains = args.GetInt("grains", 1_000);
    private readonly int _callers = args.GetInt("callers", 200);
    private readonly string _mode = args.GetChoice("mode", "concurrent", "concurrent", "alternate");

    // "on" keeps a viewer active: the filter then times every call, which shows what watching costs (and that the
    // measurement sees a filter that does work).
    private readonly bool _watching = args.GetChoice("watching", "off", "off", "on") == "on";

    public async Task<ScenarioResult> RunAsync()
    {
        using var watch = new DashboardWatch(TimeProvider.System, new DashboardOptions().WatchWindow);
        var table = new CallStatsTable();
        var plain = await TestSilo.StartAsync(silo => silo.Configure(o => o.CollectionAge = TimeSpan.FromHours(1)));
        var filtered = await TestSilo.StartAsync(silo =>
        {
            silo.Configure(o => o.CollectionAge = TimeSpan.FromHours(1));
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(new DashboardCallFilter(watch, table));
        });
        try
        {
            var withFilter = new List<double>();
            var without = new List<double>();
            long errors = 0;
            var plainGrains = await ActivateAsync(plain);
            var filteredGrains = await ActivateAsync(filtered);
            for (var round = 0; round < _rounds; round++)
            {
                if (_watching)
                {
                    watch.ViewerActive();
                }

                if (_mode == "concurrent")
                {
                    var (perSecond, failed) = await MeasureAsync([plainGrains, filteredGrains], _callers / 2);
                    without.Add(perSecond[0]);
                    withFilter.Add(perSecond[1]);
                    errors += failed;
                }
                else
                {
                    var order = round % 2 == 0 ? new[] { (plainGrains, without), (filteredGrains, withFilter) } : [(filteredGrains, withFilter), (plainGrains, without)];
                    foreach (var (grains, results) in order)
                    {
                        var (perSecond, failed) = await MeasureAsync([grains], _callers);
                        results.Add(perSecond[0]);
                        errors += failed;
                    }
                }

                ResultWriter.Progress($"{Name}: round {round + 1}/{_rounds}: filter registered ({(_watching ? "watching" : "nobody watching")}) {withFilter[^1]:N0} calls/s; not registered {without[^1]:N0} calls/s");
            }

            var recorded = table.Drain().Methods.Sum(m => m.Calls);
            var ratios = withFilter.Zip(without, (w, b) => w / b).ToList();
            var json = ResultWriter.Create(Name, Median(withFilter), "calls/s", Median(without));
            json["baseline_kind"] = _mode == "concurrent"
                ? "the same local-calls workload on a silo without the dashboard's call filter, same process, running at the same time"
                : "the same local-calls workload on a silo without the dashboard's call filter, same process, rounds alternating";
            json["mode"] = _mode;
            json["watching"] = _watching;
            json["median_round_ratio"] = ResultWriter.Round(Median(ratios), 4);
            json["round_ratios"] = new System.Text.Json.Nodes.JsonArray([.. ratios.Select(r => (System.Text.Json.Nodes.JsonNode?)ResultWriter.Round(r, 4))]);
            json["rounds"] = _rounds;
            json["seconds_per_round"] = _seconds;
            json["grains"] = _grains;
            json["callers"] = _callers;
            json["calls_recorded_by_idle_filter"] = recorded;
            json["processors"] = Environment.ProcessorCount;
            json["goal"] = _watching ? "none (cost of watching)" : "ratio within 5% of 1";
            json["goal_met"] = Math.Abs(Median(withFilter) / Median(without) - 1) <= 0.05;
            return errors > 0
                ? new ScenarioResult(json, Valid: false, Problem: $"{errors} grain calls failed.")
                : recorded > 0 && !_watching
                    ? new ScenarioResult(json, Valid: false, Problem: $"The filter recorded {recorded} calls while nobody watched: it was not idle.")
                    : new ScenarioResult(json);
        }
        finally
        {
            await filtered.StopAsync();
            await plain.StopAsync();
        }
    }

    private async Task<IBenchPingGrain[]> ActivateAsync(TestSilo silo)
    {
        var grains = Enumerable.Range(0, _grains).Select(i => silo.GrainFactory.GetGrain<IBenchPingGrain>("ping-" + i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping(0).AsTask()));
        return grains;
    }

    /// <summary>Calls/s of each grain set, with <paramref name="callersEach"/> callers on each, all in one timed window.</summary>
    private async Task<(double[] PerSecond, long Errors)> MeasureAsync(IBenchPingGrain[][] sets, int callersEach)
    {
        var run = new TimedRun();
        var calls = new long[sets.Length, callersEach];
        var errors = new long[sets.Length * callersEach];
        var tasks = new List<Task>();
        for (var s = 0; s < sets.Length; s++)
        {
            for (var c = 0; c < callersEach; c++)
            {
                var (set, caller, grains) = (s, c, sets[s]);
                tasks.Add(Task.Run(async () =>
                {
                    var random = (uint)(caller * 2654435761u) | 1;
                    while (!run.Stopping)
                    {
                        random ^= random << 13;
                        random ^= random >> 17;
                        random ^= random << 5;
                        try
                        {
                            if (await grains[random % (uint)grains.Length].Ping(caller) != caller + 1)
                            {
                                errors[set * callersEach + caller]++;
                            }
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            errors[set * callersEach + caller]++;
                        }

                        if (run.Measuring)
                        {
                            calls[set, caller]++;
                        }
                    }
                }));
            }
        }

        await run.RunAsync(TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), tasks);
        var perSecond = new double[sets.Length];
        for (var s = 0; s < sets.Length; s++)
        {
            long total = 0;
            for (var c = 0; c < callersEach; c++)
            {
                total += calls[s, c];
            }

            perSecond[s] = total / run.Elapsed.TotalSeconds;
        }

        return (perSecond, errors.Sum());
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
