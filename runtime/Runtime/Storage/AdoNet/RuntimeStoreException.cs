namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>A runtime store operation failed as a whole (connection, SQL or transaction failure); nothing of it applied.</summary>
public sealed class RuntimeStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storageName">The configured storage name.</param>
    /// <param name="provider">The database provider (Sqlite, PostgreSql).</param>
    /// <param name="operation">What was attempted, e.g. "write 200 grain states".</param>
    /// <param name="innerException">The database error.</param>
    public RuntimeStoreException(string storageName, string provider, string operation, Exception innerException)
        : base($"Storage '{storageName}' ({provider}) failed to {operation}: {innerException.Message}", innerException)
    {
        StorageName = storageName;
        Provider = provider;
    }

    /// <summary>The configured storage name.</summary>
    public string StorageName { get; }

    /// <summary>The database provider.</summary>
    public string Provider { get; }
}
