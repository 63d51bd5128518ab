using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests;

/// <summary>A silo with the domain's grains on its own SQLite file, the "events" persistent streams and reminders.</summary>
public sealed class DomainHarness : IAsyncDisposable
{
    private readonly TestDirectory _directory;
    private readonly Action<IServiceCollection>? _services;
    private readonly string? _postgres;

    private DomainHarness(TestDirectory directory, Action<IServiceCollection>? services, string? postgres)
    {
        _directory = directory;
        _services = services;
        _postgres = postgres;
    }

    public TestSilo Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.GrainFactory;

    /// <summary>Starts a silo on its own SQLite file, or on <paramref name="postgresConnectionString"/> when given.</summary>
    public static async Task<DomainHarness> StartAsync(Action<IServiceCollection>? services = null, string? postgresConnectionString = null)
    {
        var harness = new DomainHarness(TestDirectory.Create(), services, postgresConnectionString);
        harness.Silo = await harness.StartSiloAsync();
        return harness;
    }

    public async Task RestartAsync()
    {
        await Silo.StopAsync();
        Silo = await StartSiloAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        _directory.Dispose();
    }

    private Task<TestSilo> StartSiloAsync() => TestSilo.StartAsync(
        silo => (_postgres is null ? silo.AddSqliteStorage(_directory.SqliteConnectionString("domain.db")) : silo.AddPostgreSqlStorage(_postgres))
            .AddOrderDomain()
            .AddReminders(o => o.MinimumPeriod = TimeSpan.FromMilliseconds(100))
            .Configure(o => o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(100)),
        services => _services?.Invoke(services));
}
