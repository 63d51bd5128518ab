using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests;

/// <summary>A silo with the domain's grains on its own SQLite file, the "events" persistent streams and reminders.</summary>
public sealed class DomainHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Action<IServiceCollection>? _services;

    private DomainHarness(string directory, Action<IServiceCollection>? services)
    {
        _directory = directory;
        _services = services;
    }

    public TestSilo Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.GrainFactory;

    public static async Task<DomainHarness> StartAsync(Action<IServiceCollection>? services = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "og-domain-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var harness = new DomainHarness(directory, services);
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
        silo => silo
            .AddSqliteStorage($"Data Source={Path.Combine(_directory, "domain.db")}")
            .AddOrderDomain()
            .AddReminders(o => o.MinimumPeriod = TimeSpan.FromMilliseconds(100))
            .Configure(o => o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(100)),
        services => _services?.Invoke(services));
}
