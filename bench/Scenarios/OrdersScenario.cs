using System.Text.Json.Nodes;
using Npgsql;
using OrderGrains.Bench.Harness;
using OrderGrains.Bench.Orders;
using OrderGrains.Grains;
using OrderGrains.Grains.DemoData;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// End-to-end order placement (order → customer → routing → stock slot reservations → warehouse allocation → order
/// stored with its timeline events) on a throwaway PostgreSQL with the demo network loaded, many concurrent placers;
/// against one SQL transaction per order on the same server (own database). Modes: uniform random SKUs, and a flash
/// sale (90% one unit of one SKU shipped to one city). Ends by checking no unit was oversold.
/// </summary>
public sealed class OrdersScenario(BenchArgs args) : IScenario
{
    public const string Name = "orders";

    private readonly double _seconds = args.GetDouble("seconds", 10, min: 0.1);
    private readonly double _warmup = args.GetDouble("warmup", 2);
    private readonly int _concurrency = args.GetInt("concurrency", 256);
    private readonly int _baselineConcurrency = args.GetInt("baseline-concurrency", 0, min: 0, max: 150);
    private readonly string _mode = args.GetChoice("mode", "both", "uniform", "hot", "both");
    private readonly int _skus = args.GetInt("skus", 1_000);
    private readonly bool _baselineBacklog = args.GetChoice("baseline-backlog", "on", "on", "off") == "on";

    public async Task<ScenarioResult> RunAsync()
    {
        ResultWriter.Progress($"{Name}: starting a throwaway PostgreSQL");
        await using var server = await PostgresTestServer.StartAsync();
        var siloDb = await server.CreateDatabaseAsync();
        var baselineDb = await server.CreateDatabaseAsync();

        var network = DemoNetworkGenerator.Generate(42, _skus, 200);
        var onHandBySku = network.Stock.GroupBy(s => s.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.OnHand), StringComparer.Ordinal);
        var pool = network.Skus.Where(s => onHandBySku.ContainsKey(s.Sku)).ToList();
        var addresses = network.Customers.SelectMany(c => c.Addresses).ToList();
        var hotSku = pool.First(s => network.Stock.Any(x => x.Sku == s.Sku && x.WarehouseId == "WH-SH"));
        var shanghai = DemoCities.Shanghai;
        var hotAddress = new Address("Flash Buyer", "1 Nanjing Road", shanghai.Name, shanghai.Region, shanghai.PostalCode, "CN", shanghai.Latitude, shanghai.Longitude);
        var modes = _mode == "both" ? new[] { "uniform", "hot" } : [_mode];

        var json = new JsonObject();
        var results = new Dictionary<string, ModeResult>(StringComparer.Ordinal);
        var problems = new List<string>();
        long oversold;
        JsonObject check;

        ResultWriter.Progress($"{Name}: starting the silo on PostgreSQL, loading the demo network ({network.Warehouses.Count} warehouses, {network.Skus.Count} SKUs, {network.Stock.Count} stock slots)");
        var silo = await TestSilo.StartAsync(s => s.AddPostgreSqlStorage(siloDb).AddOrderDomain());
        using var probe = new RuntimeMetricsProbe();
        try
        {
            var grains = silo.GrainFactory;
            await BenchNetwork.LoadAsync(grains, network);

            await using var stats = NpgsqlDataSource.Create(siloDb);
            var placer = new GrainPlacer(grains);
            var allViews = new List<OrderView>();
            foreach (var mode in modes)
            {
                var workload = new OrderWorkload("O-" + mode, pool, addresses, mode == "hot" ? hotSku : null, hotAddress);
                ResultWriter.Progress($"{Name}/{mode}: grains, {_concurrency} concurrent placers, {_warmup} s warm-up + {_seconds} s");
                long commitsAtStart = 0, commitsAtEnd = 0;
                double pgCpuAtStart = 0, pgCpuAtEnd = 0;
                probe.Reset();
                var (figures, views) = await placer.RunAsync(
                    _concurrency,
                    TimeSpan.FromSeconds(_warmup),
                    TimeSpan.FromSeconds(_seconds),
                    workload.Next,
                    onMeasuring: async () =>
                    {
                        // Statistics as a running database has them (autovacuum analyzes within a minute; this one is
                        // seconds old): otherwise statements prepared while the tables were nearly empty keep plans
                        // that scan them whole.
                        await AnalyzeAsync(stats);
                        probe.Recording = true;
                        pgCpuAtStart = PostgresCpu.ReadMillis();
                        commitsAtStart = await CommitsAsync(stats);
                    },
                    onStopping: async () =>
                    {
                        probe.Recording = false;
                        pgCpuAtEnd = PostgresCpu.ReadMillis();
                        commitsAtEnd = await CommitsAsync(stats);
                    });
                allViews.AddRange(views);
                var measured = Math.Max(1, figures.MeasuredOrders);
                var profile = probe.ToJson(measured);
                profile["pg_commits_per_order"] = ResultWriter.Round((commitsAtEnd - commitsAtStart) / (double)measured, 3);
                profile["pg_cpu_ms_per_order"] = ResultWriter.Round((pgCpuAtEnd - pgCpuAtStart) / measured, 3);
                results[mode] = new ModeResult { Ours = figures, Profile = profile };
                ResultWriter.Progress($"{Name}/{mode}: grains {figures.OrdersPerSecond:N0} orders/s, p50 {figures.P50Ms:N1} ms, p99 {figures.P99Ms:N1} ms, {profile["grain_calls_per_unit"]} grain calls/order, {profile["storage_transactions_per_unit"]} group commits/order (mean batch {profile["storage_mean_batch_size"]}), {profile["pg_commits_per_order"]} pg commits/order; placed {figures.Placed}, backordered {figures.Refused}, failed {figures.Failed}");
                if (figures.Failed > 0)
                {
                    problems.Add($"{mode}: {figures.Failed} grain placements failed.");
                }
            }

            ResultWriter.Progress($"{Name}: checking stock slots against the allocated orders");
            (oversold, check) = await CheckAsync(grains, allViews, hotSku.Sku);
        }
        finally
        {
            await silo.StopAsync();
        }

        // Baseline: the silo is stopped; the baseline has the server to itself.
        var baseline = new SqlOrderBaseline(baselineDb, _baselineBacklog);
        try
        {
            ResultWriter.Progress($"{Name}: baseline schema and stock");
            await baseline.SetUpAsync(
                network.Stock.Select(s => (s.Sku, s.WarehouseId, s.OnHand + BenchNetwork.ExtraUnits, s.SafetyStock)),
                network.Warehouses.Select(w => w.WarehouseId));
            var sweep = _baselineConcurrency > 0 ? [_baselineConcurrency] : new[] { 16, 32, 64 };
            foreach (var mode in modes)
            {
                var workload = new OrderWorkload("B-" + mode, pool, addresses, mode == "hot" ? hotSku : null, hotAddress);
                var tried = new JsonObject();
                foreach (var connections in sweep)
                {
                    ResultWriter.Progress($"{Name}/{mode}: baseline, {connections} connections");
                    var figures = await baseline.RunAsync(connections, TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), workload.Next);
                    ResultWriter.Progress($"{Name}/{mode}: baseline {figures.OrdersPerSecond:N0} orders/s at {connections} connections, p50 {figures.P50Ms:N1} ms, p99 {figures.P99Ms:N1} ms, failed {figures.Failed}");
                    tried[connections.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ResultWriter.Round(figures.OrdersPerSecond);
                    if (results[mode].Baseline is null || figures.OrdersPerSecond > results[mode].Baseline!.OrdersPerSecond)
                    {
                        results[mode].Baseline = figures;
                        results[mode].BaselineConnections = connections;
                    }
                }

                results[mode].BaselineSweep = tried;
            }

            var baselineOversold = await baseline.OversoldAsync();
            check["baseline_oversold_or_mismatched_units"] = baselineOversold;
        }
        finally
        {
            await baseline.DisposeAsync();
        }

        var first = results[modes[0]];
        json = ResultWriter.Create(Name, first.Ours.OrdersPerSecond, $"orders/s ({modes[0]}, grains on PostgreSQL)", first.Baseline!.OrdersPerSecond);
        foreach (var (mode, result) in results)
        {
            json[$"{mode}_orders_per_s"] = ResultWriter.Round(result.Ours.OrdersPerSecond);
            json[$"{mode}_baseline_per_s"] = ResultWriter.Round(result.Baseline!.OrdersPerSecond);
            json[$"{mode}_ratio"] = ResultWriter.Round(result.Ours.OrdersPerSecond / result.Baseline.OrdersPerSecond, 3);
            json[$"{mode}_p50_ms"] = ResultWriter.Round(result.Ours.P50Ms, 2);
            json[$"{mode}_p99_ms"] = ResultWriter.Round(result.Ours.P99Ms, 2);
            json[$"{mode}_baseline_p50_ms"] = ResultWriter.Round(result.Baseline.P50Ms, 2);
            json[$"{mode}_baseline_p99_ms"] = ResultWriter.Round(result.Baseline.P99Ms, 2);
            json[$"{mode}_baseline_connections"] = result.BaselineConnections;
            json[$"{mode}_baseline_sweep"] = result.BaselineSweep;
            json[$"{mode}_placed"] = result.Ours.Placed;
            json[$"{mode}_backordered"] = result.Ours.Refused;
            json[$"{mode}_failed"] = result.Ours.Failed;
            json[$"{mode}_profile"] = result.Profile;
        }

        json["p99_ms"] = ResultWriter.Round(first.Ours.P99Ms, 2);
        json["p50_ms"] = ResultWriter.Round(first.Ours.P50Ms, 2);
        json["oversold"] = oversold;
        json["stock_check"] = check;
        json["hot_sku"] = hotSku.Sku;
        json["baseline_backlog_update"] = _baselineBacklog;
        json["concurrency"] = _concurrency;
        json["seconds"] = _seconds;
        json["warmup_seconds"] = _warmup;
        json["processors"] = Environment.ProcessorCount;
        json["goal_uniform_ratio"] = 5;
        json["goal_hot_ratio"] = 20;
        if (results.TryGetValue("uniform", out var u))
        {
            json["goal_uniform_ratio_met"] = u.Ours.OrdersPerSecond / u.Baseline!.OrdersPerSecond >= 5;
        }

        if (results.TryGetValue("hot", out var h))
        {
            json["goal_hot_ratio_met"] = h.Ours.OrdersPerSecond / h.Baseline!.OrdersPerSecond >= 20;
        }

        if (oversold > 0)
        {
            problems.Add($"{oversold} units oversold.");
        }

        return problems.Count == 0 ? new ScenarioResult(json) : new ScenarioResult(json, Valid: false, Problem: string.Join(" ", problems));
    }

    private static async Task AnalyzeAsync(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand("ANALYZE");
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CommitsAsync(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand("SELECT pg_stat_get_db_xact_commit(oid) FROM pg_database WHERE datname = current_database()");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Per stock slot touched: reserved must equal the units of the open shipments of the orders there, and never
    /// exceed on hand − safety. Oversold = units allocated beyond what a slot reserved plus units reserved beyond
    /// what it can give; leaked = units reserved that no order holds (e.g. a failed placement's lapsing hold).
    /// </summary>
    private static async Task<(long Oversold, JsonObject Check)> CheckAsync(IGrainFactory grains, IReadOnlyList<OrderView> views, string hotSku)
    {
        var allocated = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            foreach (var shipment in view.Shipments.Where(s => s.Status != ShipmentStatus.Cancelled))
            {
                foreach (var line in shipment.Lines)
                {
                    var key = StockSlotKey.For(line.Sku, shipment.WarehouseId);
                    allocated[key] = allocated.GetValueOrDefault(key) + line.Quantity;
                }
            }
        }

        var snapshots = await Task.WhenAll(allocated.Keys.Select(k => grains.GetGrain<IStockSlotGrain>(k).GetSnapshot()));
        long oversold = 0, leaked = 0, hotAllocated = 0, hotReserved = 0;
        foreach (var snapshot in snapshots)
        {
            var key = StockSlotKey.For(snapshot.Sku, snapshot.WarehouseId);
            var units = allocated[key];
            oversold += Math.Max(0, units - snapshot.Reserved) + Math.Max(0, snapshot.Reserved - (snapshot.OnHand - snapshot.SafetyStock));
            leaked += Math.Max(0, snapshot.Reserved - units);
            if (snapshot.Sku == hotSku)
            {
                hotAllocated += units;
                hotReserved += snapshot.Reserved;
            }
        }

        return (oversold, new JsonObject
        {
            ["slots_checked"] = snapshots.Length,
            ["orders_checked"] = views.Count,
            ["oversold_units"] = oversold,
            ["leaked_reserved_units"] = leaked,
            ["hot_sku_allocated_units"] = hotAllocated,
            ["hot_sku_reserved_units"] = hotReserved,
        });
    }

    private sealed class ModeResult
    {
        public required PlacementFigures Ours { get; init; }

        public required JsonObject Profile { get; init; }

        public PlacementFigures? Baseline { get; set; }

        public int BaselineConnections { get; set; }

        public JsonObject? BaselineSweep { get; set; }
    }
}
