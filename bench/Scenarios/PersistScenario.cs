using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Durable writes/s through grain state: (a) one hot reentrant grain with many concurrent writers, (b) many
/// non-reentrant grains with one writer each; against one single-row UPDATE per transaction, sequential, on one
/// connection to the same database. Then restarts the silo and checks no acknowledged write of the hot grain was lost.
/// </summary>
public sealed class PersistScenario(BenchArgs args) : IScenario
{
    public const string Name = "persist";

    private readonly double _seconds = args.GetDouble("seconds", 5, min: 0.1);
    private readonly double _warmup = args.GetDouble("warmup", 1);
    private readonly int _writers = args.GetInt("writers", 500);
    private readonly int _grains = args.GetInt("grains", 1_000);
    private readonly string _db = args.GetChoice("db", "default", "sqlite", "postgres", "both");

    public async Task<ScenarioResult> RunAsync()
    {
        var databases = new JsonObject();
        var problems = new List<string>();
        DbFigures? first = null;

        var runSqlite = _db is "sqlite" or "both" or "default";
        var runPostgres = _db is "postgres" or "both" or "default";
        if (runSqlite)
        {
            var figures = await RunSqliteAsync();
            first ??= figures;
            databases["sqlite"] = figures.ToJson();
            problems.AddRange(figures.Problems);
        }

        if (runPostgres)
        {
            PostgresTestServer? server = null;
            try
            {
                ResultWriter.Progress($"{Name}: starting a throwaway PostgreSQL");
                server = await PostgresTestServer.StartAsync();
            }
            catch (InvalidOperationException e) when (_db == "default")
            {
                ResultWriter.Progress($"{Name}: PostgreSQL skipped: {e.Message.Split('\n')[0]}");
            }

            if (server is not null)
            {
                await using (server)
                {
                    var connectionString = await server.CreateDatabaseAsync();
                    var figures = await RunDatabaseAsync("postgres", RuntimeStoreFactory.PostgreSql, connectionString, NpgsqlDataSource.Create(connectionString));
                    first ??= figures;
                    databases["postgres"] = figures.ToJson();
                    problems.AddRange(figures.Problems);
                }
            }
        }

        var json = ResultWriter.Create(Name, first!.HotPerSecond, $"hot writes/s ({first.Database})", first.BaselinePerSecond);
        json["databases"] = databases;
        json["lost_acked_writes"] = databases.Sum(d => (long)d.Value!["lost_acked_writes"]!);
        json["writers"] = _writers;
        json["grains"] = _grains;
        json["seconds"] = _seconds;
        json["warmup_seconds"] = _warmup;
        json["processors"] = Environment.ProcessorCount;
        json["goal_hot_ratio"] = 20;
        json["goal_hot_ratio_met"] = databases.All(d => (double)d.Value!["hot_ratio"]! >= 20);
        return problems.Count == 0
            ? new ScenarioResult(json)
            : new ScenarioResult(json, Valid: false, Problem: string.Join(" ", problems));
    }

    private async Task<DbFigures> RunSqliteAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "og-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            var connectionString = $"Data Source={Path.Combine(directory, "bench.db")}";
            return await RunDatabaseAsync("sqlite", RuntimeStoreFactory.Sqlite, connectionString, new SqliteDataSource(connectionString));
        }
        finally
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

    private async Task<DbFigures> RunDatabaseAsync(string database, string provider, string connectionString, DbDataSource baselineSource)
    {
        var figures = new DbFigures(database);
        void Configure(ISiloBuilder silo) => silo.AddStorage(StorageNames.Default, provider, connectionString);

        var silo = await TestSilo.StartAsync(Configure);
        try
        {
            ResultWriter.Progress($"{Name}/{database}: hot grain, {_writers} concurrent writers");
            await MeasureHotAsync(silo.GrainFactory, figures);
            ResultWriter.Progress($"{Name}/{database}: hot {figures.HotPerSecond:N0} writes/s");

            ResultWriter.Progress($"{Name}/{database}: {_grains} grains, one writer each");
            await MeasureManyAsync(silo.GrainFactory, figures);
            ResultWriter.Progress($"{Name}/{database}: many {figures.ManyPerSecond:N0} writes/s");

            // The silo is idle now: the baseline has the database to itself (same file / server, same settings).
            ResultWriter.Progress($"{Name}/{database}: baseline, sequential single-row UPDATE transactions");
            await using (baselineSource)
            {
                figures.BaselinePerSecond = await MeasureBaselineAsync(baselineSource);
            }

            ResultWriter.Progress($"{Name}/{database}: baseline {figures.BaselinePerSecond:N0} updates/s");

            ResultWriter.Progress($"{Name}/{database}: restarting the silo to check durability");
            silo = await silo.RestartAsync();
            figures.StoredHotCount = await silo.GrainFactory.GetGrain<IBenchHotWriterGrain>("hot").Get();
            figures.Check();
            return figures;
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private async Task MeasureHotAsync(IGrainFactory factory, DbFigures figures)
    {
        var grain = factory.GetGrain<IBenchHotWriterGrain>("hot");
        await grain.Get();
        var run = new TimedRun();
        var loops = new WriterLoop[_writers];
        var tasks = new Task[_writers];
        for (var w = 0; w < _writers; w++)
        {
            var loop = loops[w] = new WriterLoop();
            tasks[w] = Task.Run(() => loop.RunAsync(() => grain.Add(), run));
        }

        await run.RunAsync(TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), tasks);
        var latency = new LatencyHistogram();
        foreach (var loop in loops)
        {
            figures.HotAcked += loop.Acked;
            figures.HotFailed += loop.Failed;
            latency.Add(loop.Latency);
        }

        figures.HotPerSecond = latency.Count / run.Elapsed.TotalSeconds;
        figures.HotP50Micros = latency.PercentileMicros(0.5);
        figures.HotP99Micros = latency.PercentileMicros(0.99);
        figures.HotAllocBytesPerWrite = latency.Count == 0 ? double.NaN : (double)run.AllocatedBytes / latency.Count;
    }

    private async Task MeasureManyAsync(IGrainFactory factory, DbFigures figures)
    {
        var grains = Enumerable.Range(0, _grains).Select(i => factory.GetGrain<IBenchWriterGrain>("w-" + i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Increment()));
        var run = new TimedRun();
        var loops = new WriterLoop[_grains];
        var tasks = new Task[_grains];
        for (var i = 0; i < _grains; i++)
        {
            var loop = loops[i] = new WriterLoop();
            var grain = grains[i];
            tasks[i] = Task.Run(() => loop.RunAsync(grain.Increment, run));
        }

        await run.RunAsync(TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), tasks);
        var latency = new LatencyHistogram();
        foreach (var loop in loops)
        {
            figures.ManyFailed += loop.Failed;
            latency.Add(loop.Latency);
        }

        figures.ManyPerSecond = latency.Count / run.Elapsed.TotalSeconds;
        figures.ManyP50Micros = latency.PercentileMicros(0.5);
        figures.ManyP99Micros = latency.PercentileMicros(0.99);
    }

    private async Task<double> MeasureBaselineAsync(DbDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE bench_baseline (id integer PRIMARY KEY, n bigint NOT NULL); INSERT INTO bench_baseline (id, n) VALUES (1, 0);";
            await setup.ExecuteNonQueryAsync();
        }

        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE bench_baseline SET n = n + 1 WHERE id = @id";
        var id = update.CreateParameter();
        id.ParameterName = "id";
        id.Value = 1;
        update.Parameters.Add(id);

        async Task<long> RunForAsync(TimeSpan duration)
        {
            long count = 0;
            var start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                update.Transaction = transaction;
                if (await update.ExecuteNonQueryAsync() != 1)
                {
                    throw new InvalidOperationException("The baseline UPDATE changed no row.");
                }

                await transaction.CommitAsync();
                count++;
            }

            return count;
        }

        await RunForAsync(TimeSpan.FromSeconds(_warmup));
        var watch = Stopwatch.StartNew();
        var updates = await RunForAsync(TimeSpan.FromSeconds(_seconds));
        return updates / watch.Elapsed.TotalSeconds;
    }

    /// <summary>One writer: one write in flight at a time; counts acknowledged writes (all) and measured ones.</summary>
    private sealed class WriterLoop
    {
        public LatencyHistogram Latency { get; } = new();

        public long Acked { get; private set; }

        public long Failed { get; private set; }

        public async Task RunAsync(Func<Task<long>> write, TimedRun run)
        {
            while (!run.Stopping)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await write();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    if (Failed++ == 0)
                    {
                        ResultWriter.Progress($"write failed: {e.GetType().Name}: {e.Message}");
                    }

                    continue;
                }

                Acked++;
                if (run.Measuring)
                {
                    Latency.Record(Stopwatch.GetTimestamp() - start);
                }
            }
        }
    }

    private sealed class DbFigures(string database)
    {
        public string Database { get; } = database;

        public double HotPerSecond { get; set; }

        public double HotP50Micros { get; set; }

        public double HotP99Micros { get; set; }

        public double HotAllocBytesPerWrite { get; set; }

        public long HotAcked { get; set; }

        public long HotFailed { get; set; }

        public long StoredHotCount { get; set; }

        public double ManyPerSecond { get; set; }

        public double ManyP50Micros { get; set; }

        public double ManyP99Micros { get; set; }

        public long ManyFailed { get; set; }

        public double BaselinePerSecond { get; set; }

        public long LostAckedWrites => Math.Max(0, HotAcked - StoredHotCount);

        public List<string> Problems { get; } = [];

        public void Check()
        {
            if (LostAckedWrites > 0)
            {
                Problems.Add($"{Database}: {LostAckedWrites} acknowledged writes of the hot grain were lost (acked {HotAcked}, stored {StoredHotCount}).");
            }
            else if (StoredHotCount > HotAcked + HotFailed)
            {
                Problems.Add($"{Database}: the hot grain stored {StoredHotCount} but only {HotAcked + HotFailed} writes were made.");
            }

            if (HotFailed + ManyFailed > 0)
            {
                Problems.Add($"{Database}: {HotFailed} hot and {ManyFailed} many-grain writes failed.");
            }
        }

        public JsonObject ToJson() => new()
        {
            ["hot_writes_per_s"] = ResultWriter.Round(HotPerSecond),
            ["many_writes_per_s"] = ResultWriter.Round(ManyPerSecond),
            ["baseline_updates_per_s"] = ResultWriter.Round(BaselinePerSecond),
            ["hot_ratio"] = ResultWriter.Round(HotPerSecond / BaselinePerSecond, 3),
            ["many_ratio"] = ResultWriter.Round(ManyPerSecond / BaselinePerSecond, 3),
            ["hot_p50_us"] = ResultWriter.Round(HotP50Micros),
            ["hot_p99_us"] = ResultWriter.Round(HotP99Micros),
            ["hot_alloc_bytes_per_write"] = ResultWriter.Round(HotAllocBytesPerWrite, 1),
            ["many_p50_us"] = ResultWriter.Round(ManyP50Micros),
            ["many_p99_us"] = ResultWriter.Round(ManyP99Micros),
            ["hot_acked_writes"] = HotAcked,
            ["hot_stored_count"] = StoredHotCount,
            ["lost_acked_writes"] = LostAckedWrites,
            ["failed_writes"] = HotFailed + ManyFailed,
        };
    }
}
