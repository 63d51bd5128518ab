using System.Diagnostics;
using System.Text.Json.Nodes;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Bench.Orders;
using OrderGrains.Grains;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Warehouse outage: <c>--orders</c> open allocated orders on one warehouse (the best one for all of them; the two
/// others hold stock for 80% of them), then the warehouse goes offline; measures the time until every affected order
/// is allocated elsewhere or backordered and that is durable (the outage notice is one event on the persistent
/// "events" stream, namespace "warehouse-outage-notice"; its fan-out grain asks each order to reroute). No baseline.
/// </summary>
public sealed class RerouteScenario(BenchArgs args) : IScenario
{
    public const string Name = "reroute";

    private const string Offline = "WH-SH";
    private const int SkuCount = 10;
    private const string Reason = "benchmark outage";

    private static readonly (string Id, string City, GeoPoint Location)[] Sites =
    [
        ("WH-SH", "Shanghai", new GeoPoint(31.2304, 121.4737)),
        ("WH-BJ", "Beijing", new GeoPoint(39.9042, 116.4074)),
        ("WH-GZ", "Guangzhou", new GeoPoint(23.1291, 113.2644)),
    ];

    private readonly int _orders = args.GetInt("orders", 10_000, min: SkuCount);
    private readonly int _concurrency = args.GetInt("concurrency", 256);
    private readonly double _timeout = args.GetDouble("timeout", 300, min: 1);
    private readonly string _db = args.GetChoice("db", "sqlite", "sqlite", "postgres");

    public async Task<ScenarioResult> RunAsync()
    {
        PostgresTestServer? server = null;
        string? directory = null;
        Action<ISiloBuilder> storage;
        if (_db == "postgres")
        {
            ResultWriter.Progress($"{Name}: starting a throwaway PostgreSQL");
            server = await PostgresTestServer.StartAsync();
            var connectionString = await server.CreateDatabaseAsync();
            storage = s => s.AddPostgreSqlStorage(connectionString);
        }
        else
        {
            directory = Path.Combine(Path.GetTempPath(), "og-bench-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(directory);
            var connectionString = $"Data Source={Path.Combine(directory, "reroute.db")}";
            storage = s => s.AddSqliteStorage(connectionString);
        }

        try
        {
            var silo = await TestSilo.StartAsync(s =>
            {
                storage(s);
                s.AddOrderDomain();
            });
            try
            {
                return await RunOnSiloAsync(silo.GrainFactory);
            }
            finally
            {
                await silo.StopAsync();
            }
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (directory is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private async Task<ScenarioResult> RunOnSiloAsync(IGrainFactory grains)
    {
        var problems = new List<string>();
        var perSku = _orders / SkuCount;
        ResultWriter.Progress($"{Name}/{_db}: network: {Offline} holds {2 * perSku} units of each of {SkuCount} SKUs, WH-BJ and WH-GZ {perSku * 4 / 10} each");
        foreach (var (id, city, location) in Sites)
        {
            await grains.GetGrain<IWarehouseGrain>(id).Configure(Profile(id, city, location));
        }

        for (var k = 0; k < SkuCount; k++)
        {
            await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(Sku(k), "WH-SH")).Receive(2 * perSku, "bench-seed");
            await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(Sku(k), "WH-BJ")).Receive(perSku * 4 / 10, "bench-seed");
            await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(Sku(k), "WH-GZ")).Receive(perSku * 4 / 10, "bench-seed");
        }

        // Routing reads the SKU inventory views (fed by the slots' availability events): wait until they show the stock.
        var viewWatch = Stopwatch.StartNew();
        for (var k = 0; k < SkuCount; k++)
        {
            while ((await grains.GetGrain<ISkuInventoryGrain>(Sku(k)).GetAvailability()).Count(a => a.Available > 0) < Sites.Length && viewWatch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }

        var shanghai = Sites[0].Location;
        var address = new Address("Reroute Buyer", "88 Test Road", "Shanghai", "Shanghai", "200000", "CN", shanghai.Latitude, shanghai.Longitude);
        var orders = Enumerable.Range(0, _orders).Select(i => grains.GetGrain<IOrderGrain>($"RR-{i}")).ToArray();

        ResultWriter.Progress($"{Name}/{_db}: placing {_orders} orders, {_concurrency} in flight");
        var views = new OrderView[_orders];
        var placeWatch = Stopwatch.StartNew();
        long placeFailures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, _orders), new ParallelOptions { MaxDegreeOfParallelism = _concurrency }, async (i, _) =>
        {
            var order = new PlaceOrder($"BENCH-RC-{i}", "web", [new OrderLineInput(Sku(i % SkuCount), 1, 10m)], address);
            try
            {
                views[i] = await orders[i].Place(order, new CommandContext("place", "bench"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (Interlocked.Increment(ref placeFailures) == 1)
                {
                    ResultWriter.Progress($"placement failed: {e.GetType().Name}: {e.Message}");
                }
            }
        });
        var placementPerSecond = _orders / placeWatch.Elapsed.TotalSeconds;
        var onOffline = views.Count(v => v is not null && OnOffline(v));
        ResultWriter.Progress($"{Name}/{_db}: placed at {placementPerSecond:N0} orders/s; {onOffline} on {Offline}, {placeFailures} failed");
        if (onOffline != _orders)
        {
            problems.Add($"only {onOffline} of {_orders} orders were allocated to {Offline} before the outage.");
        }

        // Let the placement's availability events drain so the outage does not queue behind them.
        await Task.Delay(TimeSpan.FromSeconds(2));

        using var probe = new RuntimeMetricsProbe();
        probe.Reset();
        probe.Recording = true;
        ResultWriter.Progress($"{Name}/{_db}: {Offline} goes offline");
        var outageAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await grains.GetGrain<IWarehouseGrain>(Offline).SetStatus(WarehouseStatus.Offline, Reason);
        var setStatusSeconds = watch.Elapsed.TotalSeconds;

        // Durability probe: an answer that leaves the grains waits until every write queued before it is stored, so a
        // ping sent at t comes back once everything the reroutes did by t is durable. One ping at a time.
        var barriers = new List<(double Sent, double Answered)>();
        var barrierStop = 0;
        var barrierLoop = Task.Run(async () =>
        {
            var ping = grains.GetGrain<IBenchPingGrain>("reroute-durability");
            while (Volatile.Read(ref barrierStop) == 0)
            {
                var sent = watch.Elapsed.TotalSeconds;
                await ping.Ping(0);
                lock (barriers)
                {
                    barriers.Add((sent, watch.Elapsed.TotalSeconds));
                }

                await Task.Delay(20);
            }
        });

        // Poll the unresolved orders in rounds until none is left (the figures come from the orders' timelines below,
        // so a slower poll only costs the run's length, and takes less CPU from the reroutes it measures).
        var affectedIds = Enumerable.Range(0, _orders).Where(i => views[i] is not null && OnOffline(views[i])).ToArray();
        var pending = affectedIds.ToList();
        var affected = pending.Count;
        while (pending.Count > 0 && watch.Elapsed.TotalSeconds < _timeout)
        {
            await Task.Delay(500);
            var current = await Task.WhenAll(pending.Select(i => orders[i].Get()));
            pending = [.. pending.Where((_, j) => !Resolved(current[j]))];
            ResultWriter.Progress($"{Name}/{_db}: {watch.Elapsed.TotalSeconds:N1} s: {affected - pending.Count} of {affected} resolved");
        }

        var polledSeconds = watch.Elapsed.TotalSeconds;
        probe.Recording = false;

        // Precise times: each affected order is resolved at its last timeline event from the reroute on (the order
        // takes those times itself), and durable at the answer to the first ping sent after that.
        var timelines = await Task.WhenAll(orders.Select(o => o.GetTimeline()));
        var resolvedAt = affectedIds
            .Select(i => timelines[i].SkipWhile(e => e.Type != "Rerouted").Select(e => (e.At - outageAt).TotalSeconds).DefaultIfEmpty(double.NaN).Max())
            .Where(t => !double.IsNaN(t))
            .Order()
            .ToArray();
        var inMemorySeconds = pending.Count == 0 && resolvedAt.Length > 0 ? resolvedAt[^1] : double.NaN;
        var seconds = double.NaN;
        while (!double.IsNaN(inMemorySeconds) && double.IsNaN(seconds) && watch.Elapsed.TotalSeconds < _timeout + 30)
        {
            lock (barriers)
            {
                seconds = barriers.Where(b => b.Sent >= inMemorySeconds).Select(b => b.Answered).DefaultIfEmpty(double.NaN).Min();
            }

            await Task.Delay(20);
        }

        Volatile.Write(ref barrierStop, 1);
        await barrierLoop;
        var milestones = new JsonObject();
        foreach (var mark in (double[])[0.1, 0.5, 0.9, 1.0])
        {
            if (resolvedAt.Length > 0)
            {
                milestones[$"p{mark * 100:0}_s"] = ResultWriter.Round(resolvedAt[Math.Max(0, (int)Math.Ceiling(mark * resolvedAt.Length) - 1)], 2);
            }
        }

        var curve = new JsonArray();
        for (var second = 0.5; resolvedAt.Length > 0 && second < resolvedAt[^1] + 0.5; second += 0.5)
        {
            curve.Add(new JsonArray(second, resolvedAt.Count(t => t <= second)));
        }

        var finalViews = await Task.WhenAll(orders.Select(o => o.Get()));
        var stillOnOffline = finalViews.Count(OnOffline);
        var rerouted = affectedIds.Count(i => finalViews[i].Status == OrderStatus.ReleasedToWarehouse && !OnOffline(finalViews[i]));
        var backordered = affectedIds.Count(i => finalViews[i].Status == OrderStatus.Backordered);
        var reroutedEvents = timelines.Count(t => t.Any(e => e.Type == "Rerouted"));
        var reservedOnOffline = 0;
        for (var k = 0; k < SkuCount; k++)
        {
            reservedOnOffline += (await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(Sku(k), Offline)).GetSnapshot()).Reserved;
        }

        var offlineSnapshot = await grains.GetGrain<IWarehouseGrain>(Offline).GetSnapshot();
        ResultWriter.Progress($"{Name}/{_db}: {seconds:N2} s until durable ({inMemorySeconds:N2} s in memory, polled {polledSeconds:N2} s): rerouted {rerouted}, backordered {backordered}, still on {Offline} {stillOnOffline}");
        if (stillOnOffline > 0)
        {
            problems.Add($"{stillOnOffline} orders are still allocated to {Offline} after {polledSeconds:N0} s.");
        }

        var json = ResultWriter.Create(Name, double.IsNaN(seconds) ? polledSeconds : seconds, "seconds until every affected order is rerouted or backordered, durably", null);
        json["seconds"] = ResultWriter.Round(double.IsNaN(seconds) ? polledSeconds : seconds, 3);
        json["in_memory_seconds"] = ResultWriter.Round(inMemorySeconds, 3);
        json["polled_seconds"] = ResultWriter.Round(polledSeconds, 2);
        json["set_status_seconds"] = ResultWriter.Round(setStatusSeconds, 3);
        json["affected"] = affected;
        json["rerouted"] = rerouted;
        json["backordered"] = backordered;
        json["still_on_offline"] = stillOnOffline;
        json["rerouted_timeline_events"] = reroutedEvents;
        json["reroutes_per_s"] = ResultWriter.Round(affected / (double.IsNaN(seconds) ? polledSeconds : seconds), 1);
        json["reserved_left_on_offline"] = reservedOnOffline;
        json["allocations_left_on_offline"] = offlineSnapshot.OpenAllocations;
        json["milestones"] = milestones;
        json["progress"] = curve;
        json["placement_orders_per_s"] = ResultWriter.Round(placementPerSecond);
        json["placement_failures"] = placeFailures;
        json["db"] = _db;
        json["orders"] = _orders;
        json["concurrency"] = _concurrency;
        json["processors"] = Environment.ProcessorCount;
        json["goal_seconds"] = 3;
        json["goal_seconds_met"] = !double.IsNaN(seconds) && seconds <= 3;
        json["profile_per_affected_order"] = probe.ToJson(Math.Max(1, affected));
        return problems.Count == 0 ? new ScenarioResult(json) : new ScenarioResult(json, Valid: false, Problem: string.Join(" ", problems));
    }

    private static string Sku(int k) => $"RR-SKU-{k:D2}";

    private static bool OnOffline(OrderView view) => view.Shipments.Any(s => s.WarehouseId == Offline && s.Status != ShipmentStatus.Cancelled);

    private static bool Resolved(OrderView view) =>
        !OnOffline(view) && (view.Status == OrderStatus.Backordered || view.Shipments.Any(s => s.Status != ShipmentStatus.Cancelled));

    // Same lanes everywhere, but only the offline-to-be warehouse reaches Shanghai within its lane's range (the others
    // are ~1,100 km away with an 800 km range: about half a day slower), so it is the best for every order.
    private static WarehouseProfile Profile(string id, string city, GeoPoint location)
    {
        var range = id == Offline ? 2500 : 800;
        return new(
            id, $"{city} DC", city, "CN", location, 1_000_000, new TimeOnly(18, 0), "Asia/Shanghai",
            [
                new CarrierLane("SF Express", ShippingSpeed.Standard, 1, range, 12m, 2m, 0.0002),
                new CarrierLane("SF Express", ShippingSpeed.Express, 0.5, range, 22m, 3m, 0.0003),
            ]);
    }
}
