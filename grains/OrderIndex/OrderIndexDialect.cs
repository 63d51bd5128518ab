using System.Data.Common;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>What differs between databases for the order index: its script folder, write transactions and stored times.</summary>
internal abstract class OrderIndexDialect
{
    /// <summary>Display name, also the folder of the embedded scripts.</summary>
    public abstract string Name { get; }

    /// <summary>Begins a read-write transaction.</summary>
    public virtual async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>Converts a time to its stored representation (UTC, millisecond precision).</summary>
    public abstract object ToDbTime(DateTimeOffset value);

    /// <summary>Reads a time stored by <see cref="ToDbTime"/>.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>The dialect of a runtime storage provider name ("Sqlite" or "PostgreSql"; "Postgres" is accepted).</summary>
    public static OrderIndexDialect For(string provider) =>
        string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase) ? SqliteOrderIndexDialect.Instance
        : string.Equals(provider, "PostgreSql", StringComparison.OrdinalIgnoreCase) || string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
            ? PostgreSqlOrderIndexDialect.Instance
            : throw new ArgumentException($"The order index has no SQL for storage provider '{provider}'; expected Sqlite or PostgreSql.", nameof(provider));
}
