using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>SQLite: one file, WAL journal, FULL synchronous commits, a single writer, times as unix milliseconds.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string Name => "Sqlite";

    public override bool SerializeWrites => true;

    public override bool PreferBatches => false;

    public override DbDataSource CreateDataSource(string connectionString) => new SqliteDataSource(connectionString);

    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused the WAL journal mode (journal_mode is '{mode}').");
        }
    }

    public override Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // deferred: false issues BEGIN IMMEDIATE: the write lock is taken now (waiting up to the busy timeout), never
        // upgraded later, which would fail with SQLITE_BUSY instead of waiting.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override object ToDbTime(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>Applies the defaults the store relies on to a user-supplied connection string.</summary>
    public static string NormalizeConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout <= 0)
        {
            builder.DefaultTimeout = 30;
        }

        var dataSource = builder.DataSource;
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" &&
            !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        return builder.ToString();
    }
}
