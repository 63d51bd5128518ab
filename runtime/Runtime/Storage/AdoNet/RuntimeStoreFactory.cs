using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>Creates a runtime store from configuration: a provider name and a connection string.</summary>
public static class RuntimeStoreFactory
{
    /// <summary>Provider name of the embedded SQLite store (the default).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>Provider name of the PostgreSQL store.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>Creates a store; call <see cref="IRuntimeStore.InitializeAsync"/> before use.</summary>
    /// <param name="name">The storage name (e.g. "Default").</param>
    /// <param name="provider"><see cref="Sqlite"/> or <see cref="PostgreSql"/> (case-insensitive; "Postgres" is accepted).</param>
    /// <param name="connectionString">The provider's connection string.</param>
    /// <param name="loggerFactory">Optional logging.</param>
    /// <param name="timeProvider">Clock for stored times; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">Unknown provider or invalid connection string.</exception>
    public static IRuntimeStore Create(string name, string provider, string connectionString, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        if (string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return AdoNetRuntimeStore.CreateSqlite(name, connectionString, loggerFactory, timeProvider);
        }

        if (string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase) || string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            return AdoNetRuntimeStore.CreatePostgreSql(name, connectionString, loggerFactory, timeProvider);
        }

        throw new ArgumentException($"Storage '{name}': unknown provider '{provider}'; expected '{Sqlite}' or '{PostgreSql}'.", nameof(provider));
    }
}
