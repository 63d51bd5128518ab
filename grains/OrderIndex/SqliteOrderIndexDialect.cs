using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>SQLite: times as unix milliseconds; writes take the write lock up front.</summary>
internal sealed class SqliteOrderIndexDialect : OrderIndexDialect
{
    public static SqliteOrderIndexDialect Instance { get; } = new();

    public override string Name => "Sqlite";

    public override Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // BEGIN IMMEDIATE waits for the write lock (busy timeout) instead of failing with SQLITE_BUSY on upgrade.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override object ToDbTime(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
