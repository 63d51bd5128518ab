using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// Brings a database to the newest embedded schema version. Each pending migration runs in its own transaction that
/// first takes the dialect's migration lock (PostgreSQL: an advisory transaction lock; SQLite: the write lock taken by
/// <c>BEGIN IMMEDIATE</c>), re-reads <c>og_schema_version</c>, applies the script and records the version, so several
/// processes starting at once apply every migration exactly once.
/// </summary>
internal sealed class SchemaMigrator(string storageName, SqlDialect dialect, SqlScriptSet scripts, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Migrates; returns the schema version the database is at.</summary>
    public async Task<int> MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await dialect.PrepareDatabaseAsync(connection, cancellationToken);
        var applied = 0;
        foreach (var migration in scripts.Migrations)
        {
            applied = await ApplyAsync(connection, migration, cancellationToken);
        }

        var known = scripts.Migrations[^1].Version;
        if (applied > known)
        {
            StorageLog.SchemaNewerThanRuntime(logger, storageName, dialect.Name, applied, known);
        }

        return applied;
    }

    private async Task<int> ApplyAsync(DbConnection connection, SqlMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        if (scripts.Optional(QueryNames.LockSchema) is { } lockSql)
        {
            await ExecuteAsync(new SqlStatement(lockSql), connection, transaction, cancellationToken);
        }

        await ExecuteAsync(new SqlStatement(scripts[QueryNames.CreateSchemaVersionTable]), connection, transaction, cancellationToken);
        var versions = new HashSet<int>();
        await using (var command = new SqlStatement(scripts[QueryNames.GetSchemaVersions]).CreateCommand(connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (!versions.Contains(migration.Version))
        {
            await ExecuteAsync(new SqlStatement(migration.Script), connection, transaction, cancellationToken);
            await ExecuteAsync(
                new SqlStatement(scripts[QueryNames.InsertSchemaVersion])
                    .Add("@version", migration.Version).Add("@name", migration.Name).Add("@now", dialect.ToDbTime(timeProvider.GetUtcNow())),
                connection, transaction, cancellationToken);
            versions.Add(migration.Version);
            await transaction.CommitAsync(cancellationToken);
            StorageLog.MigrationApplied(logger, storageName, dialect.Name, migration.Version, migration.Name);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return versions.Max();
    }

    private static async Task ExecuteAsync(SqlStatement statement, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = statement.CreateCommand(connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
