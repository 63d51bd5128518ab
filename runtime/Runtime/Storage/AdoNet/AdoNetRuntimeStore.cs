using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// The runtime store over ADO.NET (<see cref="DbDataSource"/>), one implementation for every database: a dialect
/// supplies the embedded SQL script set (<c>Storage/Sql/&lt;dialect&gt;/</c>: migrations and named queries) and its
/// quirks. Create one with <see cref="CreateSqlite"/>, <see cref="CreatePostgreSql"/> or <see cref="RuntimeStoreFactory"/>,
/// then call <see cref="InitializeAsync"/> once before use.
/// </summary>
public sealed class AdoNetRuntimeStore : IRuntimeStore
{
    private readonly SqlDialect _dialect;
    private readonly DbDataSource _dataSource;
    private readonly SqlScriptSet _scripts;
    private readonly WriteBatchExecutor _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim? _writeGate;
    private readonly StateReadBatcher? _reads;
    private ClusterTable? _cluster;
    private int _disposed;

    internal AdoNetRuntimeStore(string name, SqlDialect dialect, string connectionString, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        Name = name;
        _dialect = dialect;
        _scripts = SqlScriptSet.Load(dialect.Name);
        _writer = new WriteBatchExecutor(_scripts, dialect);
        _logger = (ILogger?)loggerFactory?.CreateLogger<AdoNetRuntimeStore>() ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _writeGate = dialect.SerializeWrites ? new SemaphoreSlim(1, 1) : null;

        // Activations come in bursts (a new order, its customer): their reads share round trips where arrays bind.
        _reads = dialect.SupportsArrayParameters ? new StateReadBatcher(ReadStatesAsync, maxConcurrentReads: 4) : null;
        try
        {
            _dataSource = dialect.CreateDataSource(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Storage '{name}' ({dialect.Name}): invalid connection string: {ex.Message}", nameof(connectionString), ex);
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The database provider: <see cref="RuntimeStoreFactory.Sqlite"/> or <see cref="RuntimeStoreFactory.PostgreSql"/>.</summary>
    public string Provider => _dialect.Name;

    /// <summary>
    /// The store's connection pool, for read models that keep their own tables in the same database (e.g. the order
    /// index). It is disposed with the store; such users run their own schema and must not touch the runtime's tables.
    /// </summary>
    public DbDataSource DataSource => _dataSource;

    /// <summary>The newest schema version this runtime knows (the highest embedded migration).</summary>
    public int SchemaVersion => _scripts.Migrations[^1].Version;

    /// <summary>
    /// Creates a store on a SQLite database file (WAL journal, synchronous=FULL). Writes are serialized inside the
    /// store; reads run concurrently.
    /// </summary>
    /// <param name="name">The storage name (used in logs and errors).</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=data/og.db</c>.</param>
    /// <param name="loggerFactory">Optional logging.</param>
    /// <param name="timeProvider">Clock for stored times; <see cref="TimeProvider.System"/> by default.</param>
    public static AdoNetRuntimeStore CreateSqlite(string name, string connectionString, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        new(name, SqliteDialect.Instance, SqliteDialect.NormalizeConnectionString(connectionString), loggerFactory, timeProvider);

    /// <summary>Creates a store on a PostgreSQL database (Npgsql data source, batched and auto-prepared statements).</summary>
    /// <param name="name">The storage name (used in logs and errors).</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="loggerFactory">Optional logging.</param>
    /// <param name="timeProvider">Clock for stored times; <see cref="TimeProvider.System"/> by default.</param>
    public static AdoNetRuntimeStore CreatePostgreSql(string name, string connectionString, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        new(name, PostgreSqlDialect.Instance, connectionString, loggerFactory, timeProvider);

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        RunAsync("initialize the schema", write: true, async (connection, ct) =>
        {
            var migrator = new SchemaMigrator(Name, _dialect, _scripts, _timeProvider, _logger);
            var version = await migrator.MigrateAsync(connection, ct);
            StorageLog.Initialized(_logger, Name, _dialect.Name, version);
            return true;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<StoredState?> ReadStateAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (grainId.IsDefault)
        {
            throw new ArgumentException("A default GrainId names no grain.", nameof(grainId));
        }

        return _reads is not null ? _reads.ReadAsync(grainId, stateName, cancellationToken) : ReadOneStateAsync(grainId, stateName, cancellationToken);
    }

    private Task<StoredState?> ReadOneStateAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        var statement = new SqlStatement(_scripts[QueryNames.ReadState]).AddGrain(grainId).Add("@state_name", stateName);
        var entriesStatement = new SqlStatement(_scripts[QueryNames.ReadEntries]).AddGrain(grainId).Add("@state_name", stateName);
        return RunAsync($"read state '{stateName}' of {grainId}", write: false, async (connection, ct) =>
        {
            await using var command = statement.CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var payload = await reader.IsDBNullAsync(0, ct) ? null : reader.GetFieldValue<byte[]>(0);
            var version = reader.GetInt64(1);
            await reader.DisposeAsync();
            if (payload is null)
            {
                return new StoredState(payload, version);
            }

            // Entries exist only beside a stored state row.
            var entries = new List<StoredEntry>();
            await using var read = entriesStatement.CreateCommand(connection, null);
            await using var rows = await read.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct))
            {
                entries.Add(new StoredEntry(rows.GetString(0), rows.GetFieldValue<byte[]>(1)));
            }

            return new StoredState(payload, version) { Entries = entries };
        }, cancellationToken);
    }

    /// <summary>Reads many states (and their entries) in one round trip: the read batcher's statement.</summary>
    private Task<StoredState?[]> ReadStatesAsync(IReadOnlyList<StateReadBatcher.Request> requests)
    {
        SqlStatement Bulk(string query) => new SqlStatement(_scripts[query])
            .AddStateKeys(requests, r => r.GrainId, r => r.StateName)
            .Add("@ordinals", Enumerable.Range(0, requests.Count).ToArray());

        SqlStatement[] statements = [Bulk(QueryNames.ReadStates), Bulk(QueryNames.ReadEntriesOfStates)];
        return RunAsync($"read {requests.Count} grain states", write: false, async (connection, ct) =>
        {
            var states = new StoredState?[requests.Count];
            var entries = new List<StoredEntry>?[requests.Count];
            await using var runner = new StatementRunner(connection, transaction: null, useBatches: true);
            await runner.QueryRowsAsync(statements, (statement, row) =>
            {
                var ordinal = row.GetInt32(0);
                if (statement == 0)
                {
                    states[ordinal] = new StoredState(row.IsDBNull(1) ? null : row.GetFieldValue<byte[]>(1), row.GetInt64(2));
                }
                else
                {
                    (entries[ordinal] ??= []).Add(new StoredEntry(row.GetString(1), row.GetFieldValue<byte[]>(2)));
                }
            }, ct);

            for (var i = 0; i < states.Length; i++)
            {
                if (states[i] is { Payload: not null } state && entries[i] is { } found)
                {
                    states[i] = state with { Entries = found };
                }
            }

            return states;
        }, CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        WriteBatchExecutor.Validate(writes);
        if (writes.Count == 0)
        {
            return Task.CompletedTask;
        }

        return RunAsync($"write a batch of {writes.Count} grain writes", write: true, async (connection, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var fenced = new HashSet<StoreFence>();
            WriteBatchResult result;
            while (true)
            {
                await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
                result = await _writer.ExecuteAsync(connection, transaction, writes, fenced, _timeProvider.GetUtcNow(), ct);
                if (result.RejectedFences.Count == 0)
                {
                    // Once every statement ran, finish: an abandoned commit would leave the outcome unknown to the caller.
                    await transaction.CommitAsync(CancellationToken.None);
                    break;
                }

                // A lease was lost: none of this transaction may commit. Run it again without the writes it fenced
                // (each round removes at least one fence, so this ends).
                await transaction.RollbackAsync(CancellationToken.None);
                fenced.UnionWith(result.RejectedFences);
            }

            result.ApplyTo(writes, out var conflicts, out var events, out var rejected);
            if (rejected > 0)
            {
                StorageLog.WritesFenced(_logger, Name, _dialect.Name, rejected, string.Join(", ", fenced.Select(f => f.Partition)));
            }

            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            StorageLog.BatchWritten(_logger, Name, _dialect.Name, writes.Count, conflicts, events, elapsedMs);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StreamSubscriptionRecord>> GetSubscriptionsAsync(string provider, StreamId stream, CancellationToken cancellationToken)
    {
        var statement = new SqlStatement(_scripts[QueryNames.GetSubscriptions]).AddStream(provider, stream);
        return RunAsync($"read the subscriptions of stream {provider}:{stream}", write: false, async (connection, ct) =>
        {
            var list = new List<StreamSubscriptionRecord>();
            await using var command = statement.CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new StreamSubscriptionRecord(
                    provider, stream, reader.GetString(0), new GrainId(reader.GetString(1), reader.GetString(2)), reader.GetInt64(3)));
            }

            return (IReadOnlyList<StreamSubscriptionRecord>)list;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task UpsertSubscriptionAsync(StreamSubscriptionRecord subscription, bool rewind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentException.ThrowIfNullOrEmpty(subscription.SubscriptionId);
        ArgumentOutOfRangeException.ThrowIfNegative(subscription.Checkpoint);
        if (subscription.Subscriber.IsDefault)
        {
            throw new ArgumentException("The subscription has no subscriber.", nameof(subscription));
        }

        var statement = new SqlStatement(_scripts[rewind ? QueryNames.UpsertSubscriptionRewind : QueryNames.InsertSubscription])
            .AddStream(subscription.Provider, subscription.Stream).Add("@subscription_id", subscription.SubscriptionId)
            .Add("@subscriber_type", subscription.Subscriber.Type).Add("@subscriber_key", subscription.Subscriber.Key).Add("@checkpoint", subscription.Checkpoint);
        return ExecuteAsync($"upsert subscription '{subscription.SubscriptionId}' of stream {subscription.Provider}:{subscription.Stream}", statement, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeleteSubscriptionAsync(string provider, StreamId stream, string subscriptionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptionId);
        var statement = new SqlStatement(_scripts[QueryNames.DeleteSubscription]).AddStream(provider, stream).Add("@subscription_id", subscriptionId);
        return ExecuteAsync($"delete subscription '{subscriptionId}' of stream {provider}:{stream}", statement, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StreamBacklog>> GetBacklogAsync(string provider, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var statement = new SqlStatement(_scripts[QueryNames.GetBacklog]).Add("@provider", provider).Add("@limit", limit);
        return RunAsync($"read the backlog of provider '{provider}'", write: false, async (connection, ct) =>
        {
            var list = new List<StreamBacklog>();
            await using var command = statement.CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var subscription = new StreamSubscriptionRecord(
                    provider, new StreamId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                    new GrainId(reader.GetString(3), reader.GetString(4)), reader.GetInt64(5));
                list.Add(new StreamBacklog(subscription, reader.GetInt64(6)));
            }

            return (IReadOnlyList<StreamBacklog>)list;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredStreamEvent>> ReadStreamAsync(string provider, StreamId stream, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var statement = new SqlStatement(_scripts[QueryNames.ReadStream]).AddStream(provider, stream).Add("@after_seq", afterSequence).Add("@limit", limit);
        return RunAsync($"read stream {provider}:{stream} after {afterSequence}", write: false, async (connection, ct) =>
        {
            var list = new List<StoredStreamEvent>();
            await using var command = statement.CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new StoredStreamEvent(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), _dialect.ReadTime(reader, 2)));
            }

            return (IReadOnlyList<StoredStreamEvent>)list;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> GetStreamHeadAsync(string provider, StreamId stream, CancellationToken cancellationToken)
    {
        var statement = new SqlStatement(_scripts[QueryNames.GetStreamHead]).AddStream(provider, stream);
        return RunAsync($"read the head of stream {provider}:{stream}", write: false, async (connection, ct) =>
        {
            await using var command = statement.CreateCommand(connection, null);
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? 0L : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task AdvanceCheckpointAsync(string provider, StreamId stream, string subscriptionId, long sequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptionId);
        var statement = new SqlStatement(_scripts[QueryNames.AdvanceCheckpoint]).AddStream(provider, stream)
            .Add("@subscription_id", subscriptionId).Add("@seq", sequence);
        return ExecuteAsync($"advance the checkpoint of subscription '{subscriptionId}' of stream {provider}:{stream} to {sequence}", statement, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeadLetterAsync(DeadLetterRecord deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        ArgumentNullException.ThrowIfNull(deadLetter.SubscriptionId);
        ArgumentNullException.ThrowIfNull(deadLetter.Payload);
        if (deadLetter.Subscriber.IsDefault)
        {
            throw new ArgumentException("The dead letter has no subscriber.", nameof(deadLetter));
        }

        var insert = new SqlStatement(_scripts[QueryNames.UpsertDeadLetter]).AddStream(deadLetter.Provider, deadLetter.Stream)
            .Add("@subscription_id", deadLetter.SubscriptionId).Add("@seq", deadLetter.Sequence)
            .Add("@subscriber_type", deadLetter.Subscriber.Type).Add("@subscriber_key", deadLetter.Subscriber.Key)
            .AddBlob("@payload", deadLetter.Payload).Add("@attempts", deadLetter.Attempts).Add("@error", deadLetter.Error ?? string.Empty)
            .Add("@failed_at", _dialect.ToDbTime(deadLetter.FailedAt));
        var advance = new SqlStatement(_scripts[QueryNames.AdvanceCheckpoint]).AddStream(deadLetter.Provider, deadLetter.Stream)
            .Add("@subscription_id", deadLetter.SubscriptionId).Add("@seq", deadLetter.Sequence);
        return RunAsync(
            $"dead-letter event {deadLetter.Sequence} of stream {deadLetter.Provider}:{deadLetter.Stream} for subscription '{deadLetter.SubscriptionId}'",
            write: true, async (connection, ct) =>
            {
                await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
                await using var runner = new StatementRunner(connection, transaction, _dialect.PreferBatches);
                await runner.ExecuteAsync([insert, advance], ct);
                await transaction.CommitAsync(CancellationToken.None);
                return true;
            }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DeadLetterRecord>> GetDeadLettersAsync(string provider, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var statement = new SqlStatement(_scripts[QueryNames.GetDeadLetters]).Add("@provider", provider).Add("@limit", limit);
        return RunAsync($"read the dead letters of provider '{provider}'", write: false, async (connection, ct) =>
        {
            var list = new List<DeadLetterRecord>();
            await using var command = statement.CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new DeadLetterRecord(
                    provider, new StreamId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
                    new GrainId(reader.GetString(3), reader.GetString(4)), reader.GetInt64(5), reader.GetFieldValue<byte[]>(6),
                    reader.GetInt32(7), reader.GetString(8), _dialect.ReadTime(reader, 9)));
            }

            return (IReadOnlyList<DeadLetterRecord>)list;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task UpsertReminderAsync(ReminderRecord reminder, CancellationToken cancellationToken) => UpsertReminderAsync(reminder, null, cancellationToken);

    /// <inheritdoc/>
    public Task UpsertReminderAsync(ReminderRecord reminder, StoreFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentException.ThrowIfNullOrEmpty(reminder.Name);
        var statement = new SqlStatement(_scripts[QueryNames.UpsertReminder]).AddGrain(reminder.GrainId).Add("@name", reminder.Name)
            .Add("@start_at", _dialect.ToDbTime(reminder.StartAt)).Add("@period_ms", reminder.Period.Ticks / TimeSpan.TicksPerMillisecond);
        return RunFencedAsync($"upsert reminder '{reminder.Name}' of {reminder.GrainId}", fence, statement, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken) => DeleteReminderAsync(grainId, name, null, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> DeleteReminderAsync(GrainId grainId, string name, StoreFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var statement = new SqlStatement(_scripts[QueryNames.DeleteReminder]).AddGrain(grainId).Add("@name", name);
        return RunFencedAsync($"delete reminder '{name}' of {grainId}", fence, statement, cancellationToken);
    }

    /// <summary>The cluster's membership and lease table in this database.</summary>
    internal ClusterTable Cluster => _cluster ??= new ClusterTable(this, _scripts);

    /// <summary>Runs a statement in a transaction; returns whether it changed rows.</summary>
    internal Task<T> RunInternalAsync<T>(string operation, bool write, Func<DbConnection, CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        RunAsync(operation, write, action, cancellationToken);

    /// <summary>Runs <paramref name="statement"/> in one transaction with the check of <paramref name="fence"/>; true when it changed rows.</summary>
    private Task<bool> RunFencedAsync(string operation, StoreFence? fence, SqlStatement statement, CancellationToken cancellationToken) =>
        RunAsync(operation, write: true, async (connection, ct) =>
        {
            await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
            if (fence is not null)
            {
                await using var check = new SqlStatement(_scripts[QueryNames.CheckFence]).Add("@partition_id", fence.Partition)
                    .Add("@owner_id", fence.OwnerId).Add("@epoch", fence.Epoch).CreateCommand(connection, transaction);
                if (await check.ExecuteScalarAsync(ct) is null or DBNull)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    throw new PartitionLeaseLostException(
                        $"Storage '{Name}': cannot {operation}: this silo no longer holds the lease of partition {fence.Partition} (epoch {fence.Epoch}).");
                }
            }

            await using var command = statement.CreateCommand(connection, transaction);
            var changed = await command.ExecuteNonQueryAsync(ct) > 0;
            await transaction.CommitAsync(CancellationToken.None);
            return changed;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderRecord>> GetRemindersAsync(GrainId grainId, CancellationToken cancellationToken) =>
        ReadRemindersAsync($"read the reminders of {grainId}", new SqlStatement(_scripts[QueryNames.GetReminders]).AddGrain(grainId), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReminderRecord>> GetAllRemindersAsync(CancellationToken cancellationToken) =>
        ReadRemindersAsync("read all reminders", new SqlStatement(_scripts[QueryNames.GetAllReminders]), cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _dataSource.DisposeAsync();
        _writeGate?.Dispose();
    }

    private Task<IReadOnlyList<ReminderRecord>> ReadRemindersAsync(string operation, SqlStatement statement, CancellationToken cancellationToken) =>
        RunAsync(operation, write: false, async (connection, ct) =>
        {
            var list = new List<ReminderRecord>();
            await using var command = statement.CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new ReminderRecord(
                    new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2), _dialect.ReadTime(reader, 3),
                    TimeSpan.FromTicks(reader.GetInt64(4) * TimeSpan.TicksPerMillisecond)));
            }

            return (IReadOnlyList<ReminderRecord>)list;
        }, cancellationToken);

    private Task ExecuteAsync(string operation, SqlStatement statement, CancellationToken cancellationToken) =>
        RunAsync(operation, write: true, async (connection, ct) =>
        {
            await using var command = statement.CreateCommand(connection, null);
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Opens a connection and runs <paramref name="action"/>; writes wait for the write gate on single-writer databases.
    /// Database failures become <see cref="RuntimeStoreException"/> naming the storage; cancellation stays
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, bool write, Func<DbConnection, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var gate = write ? _writeGate : null;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await action(connection, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is DbException)
        {
            throw new OperationCanceledException($"Storage '{Name}' ({_dialect.Name}): '{operation}' was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is not (ArgumentException or ObjectDisposedException or RuntimeStoreException or PartitionLeaseLostException))
        {
            StorageLog.OperationFailed(_logger, ex, Name, _dialect.Name, operation);
            throw new RuntimeStoreException(Name, _dialect.Name, operation, ex);
        }
        finally
        {
            gate?.Release();
        }
    }
}
