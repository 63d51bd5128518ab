using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>
/// The order index over ADO.NET (<see cref="DbDataSource"/>) with SQL per dialect embedded under
/// <c>OrderIndex/Sql/&lt;dialect&gt;/</c>: one table keyed by order id and one index per query shape, each ending in the
/// keyset (created_at, order_id), so a page is a single index range scan however deep it is.
/// </summary>
public sealed class AdoNetOrderIndexStore : IOrderIndexStore
{
    /// <summary>Rows per INSERT statement: 12 parameters each stays far below every provider's parameter limit.</summary>
    internal const int RowsPerStatement = 100;

    private readonly DbDataSource _dataSource;
    private readonly OrderIndexDialect _dialect;
    private readonly SqlScriptSet _scripts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string[] _upsertSql = new string[RowsPerStatement + 1];
    private readonly Lock _initLock = new();
    private Task? _initialized;

    /// <summary>Creates a store; it does not own <paramref name="dataSource"/>.</summary>
    /// <param name="provider">"Sqlite" or "PostgreSql", the provider of <paramref name="dataSource"/>.</param>
    /// <param name="dataSource">Connections to the database (usually the runtime store's).</param>
    /// <param name="logger">Optional logging.</param>
    /// <param name="time">Clock of the schema version table.</param>
    public AdoNetOrderIndexStore(string provider, DbDataSource dataSource, ILogger<AdoNetOrderIndexStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dialect = OrderIndexDialect.For(provider);
        _dataSource = dataSource;
        _scripts = SqlScriptSet.Load(typeof(AdoNetOrderIndexStore).Assembly, "OrderGrains.Grains.OrderIndex.Sql.", _dialect.Name);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The provider name of the dialect in use.</summary>
    public string Provider => _dialect.Name;

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_initLock)
        {
            // One migration per store; a failed one is tried again by the next caller.
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = MigrateAsync(cancellationToken);
            }

            return _initialized;
        }
    }

    /// <inheritdoc/>
    public async Task<int> UpsertAsync(IReadOnlyList<OrderChanged> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return 0;
        }

        // One statement must not touch a row twice (PostgreSQL refuses it): keep each order's newest change.
        var newest = new Dictionary<string, OrderChanged>(changes.Count, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change);
            ArgumentException.ThrowIfNullOrEmpty(change.OrderId);
            if (!newest.TryGetValue(change.OrderId, out var kept) || change.Version > kept.Version)
            {
                newest[change.OrderId] = change;
            }
        }

        await InitializeAsync(cancellationToken);
        var rows = newest.Values.ToList();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var applied = 0;
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = UpsertSql(count);
            for (var i = 0; i < count; i++)
            {
                var change = rows[start + i];
                var n = i.ToString(CultureInfo.InvariantCulture);
                Add(command, "@order_id" + n, change.OrderId);
                Add(command, "@customer_id" + n, change.CustomerId);
                Add(command, "@channel" + n, change.Channel);
                Add(command, "@status" + n, change.Status.ToString());
                Add(command, "@total" + n, change.Total);
                Add(command, "@units" + n, change.Units);
                Add(command, "@warehouses" + n, string.Join(',', change.Warehouses ?? []));
                Add(command, "@is_gift" + n, change.IsGift);
                Add(command, "@created_at" + n, _dialect.ToDbTime(change.CreatedAt));
                Add(command, "@updated_at" + n, _dialect.ToDbTime(change.UpdatedAt));
                Add(command, "@version" + n, change.Version);
                Add(command, "@at_risk_at" + n, AtRiskSince(change) is { } since ? _dialect.ToDbTime(since) : DBNull.Value);
            }

            applied += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Every statement ran: commit regardless of cancellation, so the outcome is never left unknown.
        await transaction.CommitAsync(CancellationToken.None);
        return applied;
    }

    /// <inheritdoc/>
    public async Task<OrderPage> SearchAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = OrderSearch.Validate(query);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid order query: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"))}", nameof(query));
        }

        await InitializeAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filters = new List<string>(5);
        if (query.CustomerId is not null)
        {
            filters.Add(_scripts["FilterCustomer"]);
            Add(command, "@customer_id", query.CustomerId);
        }

        if (query.Channel is not null)
        {
            filters.Add(_scripts["FilterChannel"]);
            Add(command, "@channel", query.Channel);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            var distinct = statuses.Distinct().ToList();
            var names = new StringBuilder();
            for (var i = 0; i < distinct.Count; i++)
            {
                var name = "@status" + i.ToString(CultureInfo.InvariantCulture);
                names.Append(i == 0 ? string.Empty : ", ").Append(name);
                Add(command, name, distinct[i].ToString());
            }

            filters.Add(_scripts["FilterStatuses"].Replace("{statuses}", names.ToString(), StringComparison.Ordinal));
        }

        if (query.CreatedFrom is { } from)
        {
            filters.Add(_scripts["FilterCreatedFrom"]);
            Add(command, "@created_from", _dialect.ToDbTime(from));
        }

        if (query.CreatedTo is { } to)
        {
            filters.Add(_scripts["FilterCreatedTo"]);
            Add(command, "@created_to", _dialect.ToDbTime(to));
        }

        if (OrderSearch.TryDecodeCursor(query.Cursor, out var cursorCreated, out var cursorOrder))
        {
            filters.Add(_scripts["FilterBeforeCursor"]);
            Add(command, "@cursor_created", _dialect.ToDbTime(cursorCreated));
            Add(command, "@cursor_order", cursorOrder);
        }

        // One row more than a page tells whether another page follows, without counting.
        Add(command, "@limit", query.PageSize + 1);
        var where = filters.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", filters);
        command.CommandText = _scripts["Search"].Replace("{where}", where, StringComparison.Ordinal);

        var items = new List<OrderSummary>(Math.Min(query.PageSize + 1, 64));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        if (items.Count <= query.PageSize)
        {
            return new OrderPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new OrderPage(items, OrderSearch.EncodeCursor(last.CreatedAt, last.OrderId));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AtRiskOrderSummary>> AtRiskAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, OrderSearch.MinPageSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, OrderSearch.MaxPageSize);
        await InitializeAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _scripts["AtRisk"];
        Add(command, "@limit", limit);
        var items = new List<AtRiskOrderSummary>(Math.Min(limit, 64));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AtRiskOrderSummary(Read(reader), _dialect.ReadTime(reader, 11)));
        }

        return items;
    }

    /// <inheritdoc/>
    public async Task<OrderIndexCounts> CountAsync(DateTimeOffset createdSince, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _scripts["CountByStatus"];
        Add(command, "@since", _dialect.ToDbTime(createdSince));
        var byStatus = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0, created = 0, multi = 0, allocated = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt64(1);
                byStatus[reader.GetString(0)] = count;
                total += count;
                created += reader.GetInt64(2);
                multi += reader.GetInt64(3);
                allocated += reader.GetInt64(4);
            }
        }

        return new OrderIndexCounts(byStatus, total, created, multi, allocated);
    }

    private OrderSummary Read(DbDataReader reader)
    {
        var warehouses = reader.GetString(6);
        return new OrderSummary(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            Enum.Parse<OrderStatus>(reader.GetString(3)),
            reader.GetDecimal(4),
            reader.GetInt32(5),
            warehouses.Length == 0 ? [] : warehouses.Split(','),
            reader.GetBoolean(7),
            _dialect.ReadTime(reader, 8),
            _dialect.ReadTime(reader, 9),
            reader.GetInt64(10));
    }

    /// <summary>The at-risk mark a change sets: its update time when it put the order at risk and the order has not moved past the risk; else none.</summary>
    private static DateTimeOffset? AtRiskSince(OrderChanged change) =>
        change.EventTypes is { } events && events.Contains(OrderSearch.PromiseAtRiskEvent, StringComparer.Ordinal) && !OrderSearch.PastRiskStatuses.Contains(change.Status)
            ? change.UpdatedAt
            : null;

    private string UpsertSql(int rows)
    {
        if (_upsertSql[rows] is { } cached)
        {
            return cached;
        }

        var row = _scripts["UpsertRow"];
        var values = string.Join(",\n", Enumerable.Range(0, rows).Select(i => row.Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        // The statuses that clear the mark are enum names (letters only), written as literals from the one list in the contracts.
        var pastRisk = string.Join(", ", OrderSearch.PastRiskStatuses.Select(s => "'" + s.ToString() + "'"));
        return _upsertSql[rows] = _scripts["Upsert"]
            .Replace("{rows}", values, StringComparison.Ordinal)
            .Replace("{past_risk_statuses}", pastRisk, StringComparison.Ordinal);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var version = 0;
        foreach (var migration in _scripts.Migrations)
        {
            version = await ApplyAsync(connection, migration, cancellationToken);
        }

        OrderIndexLog.SchemaReady(_logger, _dialect.Name, version);
    }

    /// <summary>
    /// Applies one migration in its own transaction that first takes the migration lock (PostgreSQL: an advisory lock;
    /// SQLite: the write lock of BEGIN IMMEDIATE) and re-reads the applied versions, so concurrent starts apply it once.
    /// </summary>
    private async Task<int> ApplyAsync(DbConnection connection, SqlMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        if (_scripts.Optional("LockSchema") is { } lockSql)
        {
            await ExecuteAsync(connection, transaction, lockSql, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, _scripts["CreateSchemaVersionTable"], cancellationToken);
        var versions = new List<int>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = _scripts["GetSchemaVersions"];
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        if (!versions.Contains(migration.Version))
        {
            await ExecuteAsync(connection, transaction, migration.Script, cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = _scripts["InsertSchemaVersion"];
            Add(insert, "@version", migration.Version);
            Add(insert, "@name", migration.Name);
            Add(insert, "@now", _dialect.ToDbTime(_time.GetUtcNow()));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            versions.Add(migration.Version);
            OrderIndexLog.MigrationApplied(_logger, _dialect.Name, migration.Version, migration.Name);
        }

        await transaction.CommitAsync(cancellationToken);
        return versions.Max();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
