using OrderGrains.Grains.OrderIndex;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.OrderIndex;

/// <summary>The order index contract on SQLite.</summary>
public sealed class SqliteOrderIndexStoreTests : OrderIndexStoreContract
{
    private readonly TestDirectory _directory = TestDirectory.Create();
    private readonly List<SqliteDataSource> _dataSources = [];

    public override async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        _directory.Dispose();
    }

    protected override Task<IOrderIndexStore> CreateStoreAsync() => CreateStoreOnSameDatabaseAsync();

    protected override async Task<IOrderIndexStore> CreateStoreOnVersion1DatabaseAsync()
    {
        var dataSource = new SqliteDataSource(_directory.SqliteConnectionString("version1.db"));
        _dataSources.Add(dataSource);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            // T0 = 2026-03-01 12:00:00 UTC in unix milliseconds.
            command.CommandText = MigrationScript("Sqlite", "001_order_index.sql") + """
                CREATE TABLE og_order_index_schema (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
                INSERT INTO og_order_index_schema VALUES (1, '001_order_index', 0);
                INSERT INTO og_order_index VALUES ('O-OLD', 'C-1', 'web', 'Promised', '10', 1, '', 0, 1772366400000, 1772366401000, 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        return new AdoNetOrderIndexStore("Sqlite", dataSource);
    }

    protected override Task<IOrderIndexStore> CreateStoreOnSameDatabaseAsync()
    {
        var dataSource = new SqliteDataSource(_directory.SqliteConnectionString("index.db"));
        _dataSources.Add(dataSource);
        return Task.FromResult<IOrderIndexStore>(new AdoNetOrderIndexStore("Sqlite", dataSource));
    }
}
