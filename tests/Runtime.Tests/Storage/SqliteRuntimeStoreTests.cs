using Microsoft.Data.Sqlite;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Runtime.Tests.Storage;

/// <summary>The store contract on a SQLite file per test, plus SQLite's single-writer behaviour.</summary>
public sealed class SqliteRuntimeStoreTests : RuntimeStoreContractTests, IDisposable
{
    private readonly TestDirectory _directory = TestDirectory.Create();

    private string ConnectionString => _directory.SqliteConnectionString("og.db");

    // The folder exists from construction; SQLite creates the file on first open.
    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override IRuntimeStore CreateStore(string name = "Default") => AdoNetRuntimeStore.CreateSqlite(name, ConnectionString);

    // A directory cannot be opened as a database file.
    protected override IRuntimeStore CreateUnreachableStore(string name) => AdoNetRuntimeStore.CreateSqlite(name, $"Data Source={_directory.Path}");

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_database_uses_the_wal_journal()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Connections_from_the_data_source_commit_with_synchronous_full()
    {
        await using var dataSource = new SqliteDataSource(ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";

        // 2 = FULL: the WAL is synced on every commit, so an acknowledged write survives a power loss.
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Concurrent_writes_from_many_tasks_never_fail_with_busy()
    {
        await using var second = CreateStore();
        await second.InitializeAsync(Ct);
        var stores = new[] { Store, second };
        var stream = new StreamId("load", "s");

        await Task.WhenAll(Enumerable.Range(0, 32).Select(t => Task.Run(async () =>
        {
            var grain = new GrainId("load", $"{t}");
            long? version = null;
            for (var i = 0; i < 10; i++)
            {
                var write = Upsert(grain, $"{i}", version, Event(stream, "e"));
                await stores[t % 2].WriteAsync([write], Ct);
                Assert.Equal(StoreWriteOutcome.Committed, write.Outcome);
                version = write.NewVersion;
                await stores[(t + 1) % 2].ReadStateAsync(grain, "state", Ct);
                await stores[t % 2].AdvanceCheckpointAsync(Provider, stream, "none", i, Ct);
            }
        })));

        Assert.Equal(320, await Store.GetStreamHeadAsync(Provider, stream, Ct));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
