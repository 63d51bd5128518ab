using System.Diagnostics;
using OrderGrains.Bench.Harness;
using OrderGrains.Grains.DemoData;
using OrderGrains.Grains.Promises;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// µs per shipment promise in the promise worker's code path (cache key, learned-distribution lookup, composition on
/// a miss), warm (cache hits) and cold (every promise composed: hierarchical blend, queue, convolution through the
/// calendar, description). Baseline: the deterministic date the carrier table gives (hours to the cut-off + table
/// transit), for the same shipments. The grain call around it is measured by local-calls.
/// </summary>
public sealed class PromiseScenario(BenchArgs args) : IScenario
{
    public const string Name = "promise";

    private readonly int _warm = args.GetInt("warm", 500_000);
    private readonly int _cold = args.GetInt("cold", 3_000);

    public Task<ScenarioResult> RunAsync()
    {
        var options = PromiseOptions.Default.Validate();
        var cache = new PromiseCache(options);
        var calculator = new PromiseCalculator(options, cache);
        var network = DemoNetworkGenerator.Generate(seed: 42, skus: 0, customers: 0);
        var warehouses = network.Warehouses.Select(w => new WarehouseSnapshot(w, WarehouseStatus.Online, null, w.DailyCapacityUnits / 3, 100)).ToArray();
        var destinations = network.Warehouses.Select(w => new Address("x", "1 Road", w.City, w.City, "000000", "CN", w.Location.Latitude, w.Location.Longitude)).ToArray();
        var now = new DateTimeOffset(2026, 3, 2, 2, 30, 0, TimeSpan.Zero);
        var cases = new List<(WarehouseSnapshot Warehouse, Address Destination, CarrierLane Lane, StageDistribution?[] Transit, StageDistribution?[] Processing)>();
        var random = new Random(3);
        foreach (var warehouse in warehouses)
        {
            foreach (var destination in destinations)
            {
                foreach (var lane in warehouse.Profile.Lanes)
                {
                    var keys = StageKey.Transit(warehouse.Profile.WarehouseId, destination.Region, lane.Carrier, lane.Service).WithFallbacks();
                    var transit = keys.Select(k => (StageDistribution?)Learned(k.ToString(), 24 + random.Next(72), random, now)).ToArray();
                    var processing = StageKey.Processing(warehouse.Profile.WarehouseId).WithFallbacks().Select(k => (StageDistribution?)Learned(k.ToString(), 3, random, now)).ToArray();
                    cases.Add((warehouse, destination, lane, transit, processing));
                }
            }
        }

        ResultWriter.Progress($"{Name}: {cases.Count} distinct shipments (warehouse × destination × lane)");
        var checksum = 0.0;

        // Warm up the JIT on the composition path so "cold" means a cache miss, not unoptimized code.
        for (var i = 0; i < 500; i++)
        {
            cache.Clear();
            var c = cases[i % cases.Count];
            checksum += calculator.Promise(now, c.Warehouse, c.Destination, c.Lane.Carrier, c.Lane.Service, 0.9, 0, c.Transit, c.Processing).Probability;
        }

        var coldWatch = Stopwatch.StartNew();
        for (var i = 0; i < _cold; i++)
        {
            cache.Clear();
            var c = cases[i % cases.Count];
            checksum += calculator.Promise(now, c.Warehouse, c.Destination, c.Lane.Carrier, c.Lane.Service, 0.9, 0, c.Transit, c.Processing).Probability;
        }

        var coldUs = coldWatch.Elapsed.TotalMicroseconds / _cold;
        foreach (var c in cases)
        {
            calculator.Promise(now, c.Warehouse, c.Destination, c.Lane.Carrier, c.Lane.Service, 0.9, 0, c.Transit, c.Processing);
        }

        var warmWatch = Stopwatch.StartNew();
        for (var i = 0; i < _warm; i++)
        {
            var c = cases[i % cases.Count];
            checksum += calculator.Promise(now, c.Warehouse, c.Destination, c.Lane.Carrier, c.Lane.Service, 0.9, 0, c.Transit, c.Processing).Probability;
        }

        var warmUs = warmWatch.Elapsed.TotalMicroseconds / _warm;
        var baselineWatch = Stopwatch.StartNew();
        for (var i = 0; i < _warm; i++)
        {
            var c = cases[i % cases.Count];
            checksum += TableDate(c.Warehouse.Profile, c.Destination, c.Lane, now).Ticks % 7;
        }

        var baselineUs = baselineWatch.Elapsed.TotalMicroseconds / _warm;
        ResultWriter.Progress($"{Name}: warm {warmUs:0.00} µs, cold {coldUs:0.0} µs, table baseline {baselineUs:0.000} µs (checksum {checksum:0})");
        var json = ResultWriter.Create(Name, warmUs, "us/promise", baselineUs);
        json["baseline_kind"] = "deterministic carrier-table date (hours to the next cut-off + table transit), same shipments";
        json["cold_us"] = ResultWriter.Round(coldUs);
        json["cold_vs_warm"] = ResultWriter.Round(coldUs / warmUs);
        json["shipments"] = cases.Count;
        json["warm_promises"] = _warm;
        json["cold_promises"] = _cold;
        json["goal_warm_us"] = 20;
        json["goal_met"] = warmUs <= 20;
        json["processors"] = Environment.ProcessorCount;
        return Task.FromResult(new ScenarioResult(json));
    }

    private static StageDistribution Learned(string key, double hours, Random random, DateTimeOffset at)
    {
        var histogram = new RecencyWeightedHistogram(Convolution.DefaultMaxHours, TimeSpan.FromDays(30));
        for (var i = 0; i < 200; i++)
        {
            histogram.Record(hours * Math.Exp(0.25 * (random.NextDouble() - 0.5) * 2), at.AddHours(-i));
        }

        return new StageDistribution(key, histogram.ToArray(), histogram.Total, 200, 1, at);
    }

    private static DateTimeOffset TableDate(WarehouseProfile profile, Address destination, CarrierLane lane, DateTimeOffset now)
    {
        var zone = WarehouseCalendar.FindZone(profile.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var untilCutOff = profile.CutOffLocal.ToTimeSpan() - local.TimeOfDay;
        var wait = untilCutOff < TimeSpan.Zero ? untilCutOff + TimeSpan.FromDays(1) : untilCutOff;
        return now + wait + TimeSpan.FromHours(StagePriors.ReferenceTransitHours(lane.TransitDays, lane.RangeKm, profile.Location.DistanceKmTo(destination.Location)));
    }
}
