using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.OrderIndex;

/// <summary>One throwaway PostgreSQL server for the order index tests; each test creates its own database on it.</summary>
public sealed class OrderIndexPostgresFixture : IAsyncLifetime
{
    private PostgresTestServer? _server;

    public PostgresTestServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    public async Task InitializeAsync() => _server = await PostgresTestServer.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test classes in this collection share the <see cref="OrderIndexPostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class OrderIndexPostgresCollection : ICollectionFixture<OrderIndexPostgresFixture>
{
    public const string Name = "OrderIndexPostgreSql";
}
