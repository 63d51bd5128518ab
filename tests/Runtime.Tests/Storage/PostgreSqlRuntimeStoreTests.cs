using Npgsql;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Runtime.Tests.Storage;

/// <summary>The store contract on PostgreSQL, a fresh database per test on the shared server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRuntimeStoreTests(PostgresFixture fixture) : RuntimeStoreContractTests
{
    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException("No database yet.");

    protected override async Task CreateDatabaseAsync() => _connectionString = await fixture.Server.CreateDatabaseAsync(cancellationToken: CancellationToken.None);

    protected override IRuntimeStore CreateStore(string name = "Default") => AdoNetRuntimeStore.CreatePostgreSql(name, ConnectionString);

    protected override IRuntimeStore CreateUnreachableStore(string name) =>
        AdoNetRuntimeStore.CreatePostgreSql(name, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "og_does_not_exist" }.ConnectionString);

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Concurrent_batches_touching_the_same_streams_in_different_orders_do_not_deadlock()
    {
        var a = new StreamId("s", "A");
        var b = new StreamId("s", "B");
        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var first = t % 2 == 0 ? a : b;
                var second = t % 2 == 0 ? b : a;
                var write = EventsOnly(new GrainId("g", $"{t}"), Event(first, "x"), Event(second, "y"));
                await Store.WriteAsync([write, EventsOnly(new GrainId("g", $"{t}-2"), Event(second, "z"))], Ct);
            }
        })));

        // Per iteration the first stream gets one event and the second two; half the tasks swap them.
        Assert.Equal(240, await Store.GetStreamHeadAsync(Provider, a, Ct));
        Assert.Equal(240, await Store.GetStreamHeadAsync(Provider, b, Ct));
    }
}
