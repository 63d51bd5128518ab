using System.Data.Common;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// Runs lists of statements inside one transaction with as few round trips as the provider allows: as one
/// <see cref="DbBatch"/> per list when supported (PostgreSQL), otherwise one prepared command per distinct statement
/// text, reused with new parameter values for every row (SQLite).
/// </summary>
/// <param name="connection">The open connection.</param>
/// <param name="transaction">The transaction all statements run in (null: each statement on its own).</param>
/// <param name="useBatches">True to use <see cref="DbBatch"/> (requires <see cref="DbConnection.CanCreateBatch"/>).</param>
internal sealed class StatementRunner(DbConnection connection, DbTransaction? transaction, bool useBatches) : IAsyncDisposable
{
    private const int MaxBatchSize = 1000;

    private readonly bool _useBatches = useBatches && connection.CanCreateBatch;
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs statements that each return zero or one row whose first column is a 64-bit integer; returns that value per
    /// statement, null when the statement returned no row.
    /// </summary>
    public async Task<long?[]> QueryInt64Async(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var results = new long?[statements.Count];
        if (_useBatches)
        {
            await QueryRowsAsync(statements, (i, row) => results[i] = row.GetInt64(0), cancellationToken);
            return results;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            var command = await GetPreparedAsync(statements[i], cancellationToken);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            results[i] = value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return results;
    }

    /// <summary>
    /// Runs statements as batches (the dialect must prefer batches) and hands every row returned to
    /// <paramref name="onRow"/> with the index of the statement that returned it.
    /// </summary>
    public async Task QueryRowsAsync(IReadOnlyList<SqlStatement> statements, Action<int, DbDataReader> onRow, CancellationToken cancellationToken)
    {
        if (!_useBatches)
        {
            throw new InvalidOperationException("Row queries over a batch need a provider with batches.");
        }

        for (var start = 0; start < statements.Count; start += MaxBatchSize)
        {
            var count = Math.Min(MaxBatchSize, statements.Count - start);
            await using var batch = CreateBatch(statements, start, count);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"The batch returned {i} result sets for {count} statements.");
                }

                while (await reader.ReadAsync(cancellationToken))
                {
                    onRow(start + i, reader);
                }
            }
        }
    }

    /// <summary>Runs statements that return no rows.</summary>
    public async Task ExecuteAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        if (_useBatches)
        {
            for (var start = 0; start < statements.Count; start += MaxBatchSize)
            {
                var count = Math.Min(MaxBatchSize, statements.Count - start);
                await using var batch = CreateBatch(statements, start, count);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        foreach (var statement in statements)
        {
            var command = await GetPreparedAsync(statement, cancellationToken);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync();
        }

        _prepared.Clear();
    }

    private DbBatch CreateBatch(IReadOnlyList<SqlStatement> statements, int start, int count)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        for (var i = start; i < start + count; i++)
        {
            var statement = statements[i];
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var parameter in statement.Parameters)
            {
                var p = command.CreateParameter();
                parameter.ApplyTo(p);
                command.Parameters.Add(p);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    private async ValueTask<DbCommand> GetPreparedAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        if (_prepared.TryGetValue(statement.Sql, out var command))
        {
            var parameters = statement.Parameters;
            if (command.Parameters.Count != parameters.Count)
            {
                throw new InvalidOperationException("A statement was bound with a different parameter list than its prepared command.");
            }

            for (var i = 0; i < parameters.Count; i++)
            {
                parameters[i].ApplyTo(command.Parameters[i]);
            }

            return command;
        }

        command = statement.CreateCommand(connection, transaction);
        await command.PrepareAsync(cancellationToken);
        _prepared.Add(statement.Sql, command);
        return command;
    }
}
