using Npgsql;
using OrderGrains.Grains.OrderIndex;

namespace OrderGrains.Domain.Tests.OrderIndex;

/// <summary>The order index contract on PostgreSQL: one throwaway server for the collection, a database per test.</summary>
[Collection(OrderIndexPostgresCollection.Name)]
public sealed class PostgreSqlOrderIndexStoreTests(OrderIndexPostgresFixture postgres) : OrderIndexStoreContract
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string? _connectionString;

    public override async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }

    protected override async Task<IOrderIndexStore> CreateStoreAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        return await CreateStoreOnSameDatabaseAsync();
    }

    protected override async Task<IOrderIndexStore> CreateStoreOnVersion1DatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        _dataSources.Add(dataSource);
        await using (var command = dataSource.CreateCommand(MigrationScript("PostgreSql", "001_order_index.sql") + """
            CREATE TABLE og_order_index_schema (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);
            INSERT INTO og_order_index_schema VALUES (1, '001_order_index', now());
            INSERT INTO og_order_index VALUES ('O-OLD', 'C-1', 'web', 'Promised', 10, 1, '', false, '2026-03-01 12:00:00+00', '2026-03-01 12:00:01+00', 1);
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new AdoNetOrderIndexStore("PostgreSql", dataSource);
    }

    protected override Task<IOrderIndexStore> CreateStoreOnSameDatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(_connectionString ?? throw new InvalidOperationException("No database yet."));
        _dataSources.Add(dataSource);
        return Task.FromResult<IOrderIndexStore>(new AdoNetOrderIndexStore("PostgreSql", dataSource));
    }
}
