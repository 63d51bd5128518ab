using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using OrderGrains.Bench.Harness;
using OrderGrains.Grains.OrderIndex;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Order search latency on an index of <c>--rows</c> orders (fixed seed: 2,000 customers, 5 channels, every status,
/// one order every 30 s): a mix of the API's query shapes (first page, customer, one and three statuses, channel,
/// channel + status + date range, pages 50,000 rows deep by cursor), one at a time. Value: p50 of the mix in µs;
/// baseline: p50 of a primary-key lookup of one order on the same table and connection pool (the cheapest indexed
/// read). Also checks that walking a customer's pages returns each of their orders exactly once.
/// </summary>
public sealed class OrderSearchScenario(BenchArgs args) : IScenario
{
    public const string Name = "order-search";

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Channels = ["web", "pos", "marketplace", "app", "api"];

    private readonly int _rows = args.GetInt("rows", 100_000, min: 1_000);
    private readonly int _queries = args.GetInt("queries", 2_000, min: 100);
    private readonly string _db = args.GetChoice("db", "sqlite", "sqlite", "postgres");

    public async Task<ScenarioResult> RunAsync()
    {
        using var directory = TestDirectory.Create();
        PostgresTestServer? server = null;
        DbDataSource dataSource;
        if (_db == "postgres")
        {
            ResultWriter.Progress($"{Name}: starting a throwaway PostgreSQL");
            server = await PostgresTestServer.StartAsync();
            dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        }
        else
        {
            // The runtime store's own settings (WAL journal), as in a silo.
            await using var runtime = AdoNetRuntimeStore.CreateSqlite("bench", directory.SqliteConnectionString("search.db"));
            await runtime.InitializeAsync(CancellationToken.None);
            dataSource = new SqliteDataSource(directory.SqliteConnectionString("search.db"));
        }

        try
        {
            return await RunAsync(dataSource);
        }
        finally
        {
            await dataSource.DisposeAsync();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private async Task<ScenarioResult> RunAsync(DbDataSource dataSource)
    {
        var store = new AdoNetOrderIndexStore(_db == "postgres" ? "PostgreSql" : "Sqlite", dataSource);
        await store.InitializeAsync(CancellationToken.None);
        var changes = Generate(_rows);
        ResultWriter.Progress($"{Name}: indexing {_rows:N0} orders on {_db}");
        var started = Stopwatch.GetTimestamp();
        foreach (var chunk in changes.Chunk(1_000))
        {
            await store.UpsertAsync(chunk, CancellationToken.None);
        }

        var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await ExecuteAsync(dataSource, _db == "postgres" ? "ANALYZE og_order_index" : "ANALYZE");

        var deep = changes[_rows / 2];
        var deepCursor = OrderSearch.EncodeCursor(deep.CreatedAt, deep.OrderId);
        var statuses = Enum.GetValues<OrderStatus>();
        var shapes = new (string Name, Func<int, OrderQuery> Query)[]
        {
            ("first_page", _ => new OrderQuery()),
            ("customer", i => new OrderQuery(CustomerId: $"C-{i % 2000}")),
            ("status", i => new OrderQuery(Statuses: [statuses[i % statuses.Length]])),
            ("three_statuses", i => new OrderQuery(Statuses: [statuses[i % 17], statuses[(i + 5) % 17], statuses[(i + 9) % 17]])),
            ("channel", i => new OrderQuery(Channel: Channels[i % Channels.Length])),
            ("channel_status_range", i => new OrderQuery(Channel: Channels[i % 5], Statuses: [statuses[i % 17]], CreatedFrom: T0.AddDays(5), CreatedTo: T0.AddDays(20))),
            ("deep_cursor", _ => new OrderQuery(Cursor: deepCursor)),
            ("deep_cursor_channel", i => new OrderQuery(Channel: Channels[i % 5], Cursor: deepCursor)),
        };

        var mix = new LatencyHistogram();
        var figures = new JsonObject();
        foreach (var (shape, query) in shapes)
        {
            var histogram = new LatencyHistogram();
            for (var i = 0; i < _queries / shapes.Length + 20; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await store.SearchAsync(query(i), CancellationToken.None);
                if (i >= 20)
                {
                    histogram.Record(Stopwatch.GetTimestamp() - t);
                }
            }

            mix.Add(histogram);
            figures[$"{shape}_p50_us"] = ResultWriter.Round(histogram.PercentileMicros(0.5), 1);
            figures[$"{shape}_p99_us"] = ResultWriter.Round(histogram.PercentileMicros(0.99), 1);
        }

        var lookup = new LatencyHistogram();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            for (var i = 0; i < _queries + 20; i++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT order_id, customer_id, channel, status, total, units, warehouses, is_gift, created_at, updated_at, version FROM og_order_index WHERE order_id = @order_id";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@order_id";
                parameter.Value = changes[(i * 7919) % _rows].OrderId;
                command.Parameters.Add(parameter);
                var t = Stopwatch.GetTimestamp();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }

                if (i >= 20)
                {
                    lookup.Record(Stopwatch.GetTimestamp() - t);
                }
            }
        }

        // Correctness: a customer's pages list each of their orders once, newest first.
        var expected = changes.Where(c => c.CustomerId == "C-7").OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.OrderId, StringComparer.Ordinal).Select(c => c.OrderId).ToList();
        var walked = new List<string>();
        for (var page = await store.SearchAsync(new OrderQuery(CustomerId: "C-7", PageSize: 7), CancellationToken.None); ;
             page = await store.SearchAsync(new OrderQuery(CustomerId: "C-7", PageSize: 7, Cursor: page.NextCursor), CancellationToken.None))
        {
            walked.AddRange(page.Items.Select(o => o.OrderId));
            if (page.NextCursor is null || walked.Count > expected.Count)
            {
                break;
            }
        }

        var value = mix.PercentileMicros(0.5);
        var json = ResultWriter.Create(Name, ResultWriter.Round(value, 1), $"µs p50 search ({_db}, {_rows:N0} rows)", ResultWriter.Round(lookup.PercentileMicros(0.5), 1));
        json["p99_us"] = ResultWriter.Round(mix.PercentileMicros(0.99), 1);
        json["db"] = _db;
        json["rows"] = _rows;
        json["queries"] = mix.Count;
        json["ingest_rows_per_s"] = ResultWriter.Round(_rows / ingestSeconds, 0);
        json["shapes"] = figures;
        json["processors"] = Environment.ProcessorCount;
        return walked.SequenceEqual(expected)
            ? new ScenarioResult(json)
            : new ScenarioResult(json, Valid: false, Problem: $"paging a customer's orders returned {walked.Count} ids, expected {expected.Count} distinct in order.");
    }

    private static List<OrderChanged> Generate(int rows)
    {
        var random = new Random(42);
        var statuses = Enum.GetValues<OrderStatus>();
        var changes = new List<OrderChanged>(rows);
        for (var i = 0; i < rows; i++)
        {
            var created = T0.AddSeconds((i * 30) + random.Next(30));
            changes.Add(new OrderChanged(
                $"ORD-{i:D8}", $"C-{random.Next(2000)}", Channels[random.Next(Channels.Length)], statuses[random.Next(statuses.Length)], null, ["OrderPlaced"],
                random.Next(100, 100_000) / 100m, random.Next(1, 10), ["WH-1"], false, created, created.AddMinutes(1), 1));
        }

        return changes;
    }

    private static async Task ExecuteAsync(DbDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
