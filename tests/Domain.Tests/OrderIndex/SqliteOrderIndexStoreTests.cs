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

    protected override Task<IOrderIndexStore> CreateStoreOnSameDatabaseAsync()
    {
        var dataSource = new SqliteDataSource(_directory.SqliteConnectionString("index.db"));
        _dataSources.Add(dataSource);
        return Task.FromResult<IOrderIndexStore>(new AdoNetOrderIndexStore("Sqlite", dataSource));
    }
}
