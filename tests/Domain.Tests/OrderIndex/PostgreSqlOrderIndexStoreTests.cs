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

    protected override Task<IOrderIndexStore> CreateStoreOnSameDatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(_connectionString ?? throw new InvalidOperationException("No database yet."));
        _dataSources.Add(dataSource);
        return Task.FromResult<IOrderIndexStore>(new AdoNetOrderIndexStore("PostgreSql", dataSource));
    }
}
