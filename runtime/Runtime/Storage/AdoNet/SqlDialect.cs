using System.Data.Common;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// What differs between databases for <see cref="AdoNetRuntimeStore"/>: the embedded SQL script set, how connections
/// are made, how times are stored and whether write transactions must be serialized inside the process.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Display name, also the folder of the embedded scripts (<c>Storage/Sql/&lt;name&gt;</c>).</summary>
    public abstract string Name { get; }

    /// <summary>True when the database allows a single writer (SQLite): writes are serialized in the store.</summary>
    public abstract bool SerializeWrites { get; }

    /// <summary>True to send many statements per round trip with <see cref="DbBatch"/> when the provider supports it.</summary>
    public abstract bool PreferBatches { get; }

    /// <summary>True if the dialect binds arrays, so a batch's rows of one kind go in one statement (the bulk queries).</summary>
    public virtual bool SupportsArrayParameters => false;

    /// <summary>Creates the data source for a connection string.</summary>
    public abstract DbDataSource CreateDataSource(string connectionString);

    /// <summary>Runs once per store start, outside any transaction, before migrations (e.g. SQLite's journal mode).</summary>
    public virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Begins a read-write transaction (SQLite: <c>BEGIN IMMEDIATE</c>, so the write lock is taken up front).</summary>
    public virtual async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>Converts a time to its stored representation (UTC, millisecond precision).</summary>
    public abstract object ToDbTime(DateTimeOffset value);

    /// <summary>Reads a time stored by <see cref="ToDbTime"/>.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Truncates a time to whole milliseconds in UTC, the precision every dialect round-trips exactly.</summary>
    protected static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
