using Npgsql;
using NpgsqlTypes;
using OrderGrains.Bench.Harness;

namespace OrderGrains.Bench.Orders;

/// <summary>
/// The conventional implementation of order placement: one PostgreSQL transaction per order that locks the stock rows
/// of its lines (<c>SELECT ... FOR UPDATE</c>, in key order), checks availability, reserves, inserts the order, its
/// lines and a few timeline events and adds the units to the warehouse backlog. The warehouse of a line is the first
/// (by id) that stocks the SKU, as a simple implementation would choose (no routing). Statements are auto-prepared;
/// the writes after the lock go in one batch (one round trip), then COMMIT.
/// </summary>
public sealed class SqlOrderBaseline(string connectionString, bool updateBacklog = true)
{
    private const string Schema =
        """
        CREATE TABLE warehouses (id text PRIMARY KEY, backlog integer NOT NULL DEFAULT 0);
        CREATE TABLE stock (
            sku text NOT NULL, warehouse text NOT NULL REFERENCES warehouses (id),
            on_hand integer NOT NULL, reserved integer NOT NULL DEFAULT 0, safety integer NOT NULL DEFAULT 0,
            PRIMARY KEY (sku, warehouse), CHECK (reserved <= on_hand - safety));
        CREATE TABLE orders (
            id text PRIMARY KEY, customer_id text NOT NULL, channel text NOT NULL, status text NOT NULL,
            ship_to jsonb NOT NULL, created_at timestamptz NOT NULL, version integer NOT NULL);
        CREATE INDEX orders_customer ON orders (customer_id, created_at);
        CREATE TABLE order_lines (
            order_id text NOT NULL REFERENCES orders (id), line_id text NOT NULL, sku text NOT NULL, quantity integer NOT NULL,
            unit_price numeric(12, 2) NOT NULL, warehouse text NOT NULL, PRIMARY KEY (order_id, line_id));
        CREATE TABLE order_events (
            order_id text NOT NULL REFERENCES orders (id), seq integer NOT NULL, type text NOT NULL, at timestamptz NOT NULL,
            actor text NOT NULL, reason text, PRIMARY KEY (order_id, seq));
        """;

    private const string LockSql =
        "SELECT sku, warehouse, on_hand - safety - reserved FROM stock WHERE (sku, warehouse) IN (SELECT * FROM unnest(@skus, @warehouses)) ORDER BY sku, warehouse FOR UPDATE";

    private const string ReserveSql =
        "UPDATE stock AS s SET reserved = s.reserved + u.q FROM unnest(@skus, @warehouses, @quantities) AS u (sku, warehouse, q) WHERE s.sku = u.sku AND s.warehouse = u.warehouse";

    private const string OrderSql =
        "INSERT INTO orders (id, customer_id, channel, status, ship_to, created_at, version) VALUES (@id, @customer, @channel, 'ReleasedToWarehouse', @shipTo, @at, 1)";

    private const string LinesSql =
        "INSERT INTO order_lines (order_id, line_id, sku, quantity, unit_price, warehouse) SELECT @id, l, s, q, p, w FROM unnest(@lineIds, @skus, @quantities, @prices, @warehouses) AS u (l, s, q, p, w)";

    private const string EventsSql =
        "INSERT INTO order_events (order_id, seq, type, at, actor, reason) SELECT @id, n, t, @at, 'bench', r FROM unnest(@seqs, @types, @reasons) AS u (n, t, r)";

    // Locks the warehouse rows in id order first (an UPDATE ... FROM join takes them in any order: deadlocks).
    private const string BacklogSql =
        "WITH locked AS (SELECT id FROM warehouses WHERE id = ANY(@warehouses) ORDER BY id FOR UPDATE) UPDATE warehouses AS w SET backlog = w.backlog + u.q FROM unnest(@warehouses, @quantities) AS u (id, q), locked WHERE w.id = u.id AND locked.id = u.id";

    private static readonly int[] EventSequence = [1, 2, 3, 4, 5];
    private static readonly string[] EventTypes = ["OrderPlaced", "OrderValidated", "Allocated", "Promised", "ReleasedToWarehouse"];
    private static readonly string?[] EventReasons = [null, null, "first warehouse with stock", null, null];

    private NpgsqlDataSource? _source;

    /// <summary>First warehouse (by id) that stocks each SKU.</summary>
    public Dictionary<string, string> WarehouseOf { get; } = new(StringComparer.Ordinal);

    public async Task SetUpAsync(IEnumerable<(string Sku, string Warehouse, int OnHand, int Safety)> stock, IEnumerable<string> warehouses)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 128,
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var connection = await _source.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(Schema, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY warehouses (id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var warehouse in warehouses)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(warehouse, NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        var rows = stock.OrderBy(s => s.Sku, StringComparer.Ordinal).ThenBy(s => s.Warehouse, StringComparer.Ordinal).ToList();
        await using (var writer = await connection.BeginBinaryImportAsync("COPY stock (sku, warehouse, on_hand, safety) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.Sku, NpgsqlDbType.Text);
                await writer.WriteAsync(row.Warehouse, NpgsqlDbType.Text);
                await writer.WriteAsync(row.OnHand, NpgsqlDbType.Integer);
                await writer.WriteAsync(row.Safety, NpgsqlDbType.Integer);
            }

            await writer.CompleteAsync();
        }

        foreach (var row in rows.Where(r => r.OnHand - r.Safety > 0))
        {
            WarehouseOf.TryAdd(row.Sku, row.Warehouse);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="concurrency"/> placers for warm-up + measurement; orders come from <paramref name="next"/>.</summary>
    public Task<PlacementFigures> RunAsync(int concurrency, TimeSpan warmup, TimeSpan measure, Func<BenchOrder> next) =>
        PlacementLoop.RunAllAsync(new TimedRun(), concurrency, warmup, measure, next, () => new Loop(this));

    public async Task<long> CountOrdersAsync()
    {
        await using var command = _source!.CreateCommand("SELECT count(*) FROM orders");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Units the stock rows hold beyond on hand − safety (the CHECK constraint makes this 0 by construction).</summary>
    public async Task<long> OversoldAsync()
    {
        await using var command = _source!.CreateCommand(
            "SELECT coalesce(sum(GREATEST(0, reserved - (on_hand - safety))), 0) + coalesce((SELECT sum(abs(d)) FROM (SELECT s.reserved - coalesce(sum(l.quantity), 0) AS d FROM stock s LEFT JOIN order_lines l ON l.sku = s.sku AND l.warehouse = s.warehouse GROUP BY s.sku, s.warehouse, s.reserved) x WHERE d <> 0), 0) FROM stock");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    /// <summary>Places one order in one transaction; false when a line lacks stock (rolled back).</summary>
    private async Task<bool> PlaceAsync(NpgsqlConnection connection, BenchOrder order)
    {
        // New command objects per order (statements stay prepared per connection: auto-prepare keys on the SQL text).
        await using var commands = new Commands(connection);
        // Merge lines of the same SKU, in key order so concurrent transactions lock rows in the same order.
        var lines = order.Lines.GroupBy(l => l.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Warehouse: WarehouseOf[g.Key], Quantity: g.Sum(l => l.Quantity)))
            .OrderBy(l => l.Sku, StringComparer.Ordinal).ThenBy(l => l.Warehouse, StringComparer.Ordinal)
            .ToArray();
        var skus = lines.Select(l => l.Sku).ToArray();
        var warehouses = lines.Select(l => l.Warehouse).ToArray();
        var quantities = lines.Select(l => l.Quantity).ToArray();

        await using var transaction = await connection.BeginTransactionAsync();
        commands.Lock.Parameters[0].Value = skus;
        commands.Lock.Parameters[1].Value = warehouses;
        var available = 0;
        await using (var reader = await commands.Lock.ExecuteReaderAsync())
        {
            var i = 0;
            while (await reader.ReadAsync())
            {
                if (reader.GetInt32(2) >= quantities[i++])
                {
                    available++;
                }
            }
        }

        if (available != lines.Length)
        {
            await transaction.RollbackAsync();
            return false;
        }

        var byWarehouse = lines.GroupBy(l => l.Warehouse, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var p = commands.Batch.BatchCommands;
        p[0].Parameters[0].Value = skus;
        p[0].Parameters[1].Value = warehouses;
        p[0].Parameters[2].Value = quantities;
        p[1].Parameters[0].Value = order.OrderId;
        p[1].Parameters[1].Value = order.CustomerId;
        p[1].Parameters[2].Value = "web";
        p[1].Parameters[3].Value = order.ShipToJson;
        p[1].Parameters[4].Value = DateTime.UtcNow;
        p[2].Parameters[0].Value = order.OrderId;
        p[2].Parameters[1].Value = order.Lines.Select((_, i) => $"L{i + 1}").ToArray();
        p[2].Parameters[2].Value = order.Lines.Select(l => l.Sku).ToArray();
        p[2].Parameters[3].Value = order.Lines.Select(l => l.Quantity).ToArray();
        p[2].Parameters[4].Value = order.Lines.Select(l => l.UnitPrice).ToArray();
        p[2].Parameters[5].Value = order.Lines.Select(l => WarehouseOf[l.Sku]).ToArray();
        p[3].Parameters[0].Value = order.OrderId;
        p[3].Parameters[1].Value = DateTime.UtcNow;
        p[3].Parameters[2].Value = EventSequence;
        p[3].Parameters[3].Value = EventTypes;
        p[3].Parameters[4].Value = EventReasons;
        if (updateBacklog)
        {
            p[4].Parameters[0].Value = byWarehouse.Select(g => g.Key).ToArray();
            p[4].Parameters[1].Value = byWarehouse.Select(g => g.Sum(l => l.Quantity)).ToArray();
        }
        else
        {
            p.RemoveAt(4);
        }

        commands.Batch.Transaction = transaction;
        await commands.Batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>One connection's commands, reused for every order (parameters reset per order).</summary>
    private sealed class Commands : IAsyncDisposable
    {
        public Commands(NpgsqlConnection connection)
        {
            Lock = new NpgsqlCommand(LockSql, connection);
            Lock.Parameters.Add(new NpgsqlParameter("skus", NpgsqlDbType.Array | NpgsqlDbType.Text));
            Lock.Parameters.Add(new NpgsqlParameter("warehouses", NpgsqlDbType.Array | NpgsqlDbType.Text));
            Batch = new NpgsqlBatch(connection);
            Batch.BatchCommands.Add(Command(ReserveSql, ("skus", NpgsqlDbType.Array | NpgsqlDbType.Text), ("warehouses", NpgsqlDbType.Array | NpgsqlDbType.Text), ("quantities", NpgsqlDbType.Array | NpgsqlDbType.Integer)));
            Batch.BatchCommands.Add(Command(OrderSql, ("id", NpgsqlDbType.Text), ("customer", NpgsqlDbType.Text), ("channel", NpgsqlDbType.Text), ("shipTo", NpgsqlDbType.Jsonb), ("at", NpgsqlDbType.TimestampTz)));
            Batch.BatchCommands.Add(Command(LinesSql, ("id", NpgsqlDbType.Text), ("lineIds", NpgsqlDbType.Array | NpgsqlDbType.Text), ("skus", NpgsqlDbType.Array | NpgsqlDbType.Text), ("quantities", NpgsqlDbType.Array | NpgsqlDbType.Integer), ("prices", NpgsqlDbType.Array | NpgsqlDbType.Numeric), ("warehouses", NpgsqlDbType.Array | NpgsqlDbType.Text)));
            Batch.BatchCommands.Add(Command(EventsSql, ("id", NpgsqlDbType.Text), ("at", NpgsqlDbType.TimestampTz), ("seqs", NpgsqlDbType.Array | NpgsqlDbType.Integer), ("types", NpgsqlDbType.Array | NpgsqlDbType.Text), ("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text)));
            Batch.BatchCommands.Add(Command(BacklogSql, ("warehouses", NpgsqlDbType.Array | NpgsqlDbType.Text), ("quantities", NpgsqlDbType.Array | NpgsqlDbType.Integer)));
        }

        public NpgsqlCommand Lock { get; }

        public NpgsqlBatch Batch { get; }

        public async ValueTask DisposeAsync()
        {
            await Lock.DisposeAsync();
            await Batch.DisposeAsync();
        }

        private static NpgsqlBatchCommand Command(string sql, params (string Name, NpgsqlDbType Type)[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter(name, type));
            }

            return command;
        }
    }

    private sealed class Loop(SqlOrderBaseline owner) : PlacementLoop
    {
        private NpgsqlConnection? _connection;

        /// <summary>Each placer keeps one connection, like a service with a pool as large as its concurrency.</summary>
        public override async Task RunAsync(TimedRun run, Func<BenchOrder> next)
        {
            await using var connection = _connection = await owner._source!.OpenConnectionAsync();
            await base.RunAsync(run, next);
        }

        protected override async Task<(bool? Placed, string? Failure)> PlaceAsync(BenchOrder order)
        {
            try
            {
                return (await owner.PlaceAsync(_connection!, order), null);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                return (null, $"baseline order failed: {e.SqlState}: {e.MessageText}");
            }
        }
    }
}
