using OrderGrains.Runtime.Testing;

namespace OrderGrains.Runtime.Tests.Storage;

/// <summary>One throwaway PostgreSQL server for the whole test run; tests create their own databases on it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresTestServer? _server;

    /// <summary>The running server.</summary>
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

/// <summary>Test classes in this collection share the <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSql";
}
