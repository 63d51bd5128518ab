using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests;

/// <summary>A silo with the domain's grains on its own SQLite file, the "events" persistent streams and reminders.</summary>
public sealed class DomainHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Action<IServiceCollection>? _services;
    private readonly string? _postgres;

    private DomainHarness(string directory, Action<IServiceCollection>? services, string? postgres)
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
        var directory = Path.Combine(Path.GetTempPath(), "og-domain-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var harness = new DomainHarness(directory, services, postgresConnectionString);
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
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<TestSilo> StartSiloAsync() => TestSilo.StartAsync(
        silo => (_postgres is null ? silo.AddSqliteStorage($"Data Source={Path.Combine(_directory, "domain.db")}") : silo.AddPostgreSqlStorage(_postgres))
            .AddOrderDomain()
            .AddReminders(o => o.MinimumPeriod = TimeSpan.FromMilliseconds(100))
            .Configure(o => o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(100)),
        services => _services?.Invoke(services));
}
