using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Streams;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests;

/// <summary>A test silo on its own SQLite file (or a given storage), with a probe, persistent and memory streams and reminders.</summary>
public sealed class SiloHarness : IAsyncDisposable
{
    private readonly TestDirectory _directory;
    private readonly Action<ISiloBuilder>? _configure;
    private readonly Action<IServiceCollection>? _services;
    private readonly (string Provider, string ConnectionString)? _storage;
    private readonly Func<IRuntimeStore, IRuntimeStore>? _wrapStore;
    private readonly Action<PersistentStreamOptions>? _streams;

    private SiloHarness(
        TestDirectory directory, Action<ISiloBuilder>? configure, Action<IServiceCollection>? services, (string, string)? storage, Func<IRuntimeStore, IRuntimeStore>? wrapStore,
        Action<PersistentStreamOptions>? streams)
    {
        _directory = directory;
        _configure = configure;
        _services = services;
        _storage = storage;
        _wrapStore = wrapStore;
        _streams = streams;
    }

    public Probe Probe { get; } = new();

    public TestSilo Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.GrainFactory;

    public string ConnectionString => _storage?.ConnectionString ?? _directory.SqliteConnectionString("silo.db");

    public string Provider => _storage?.Provider ?? "Sqlite";

    /// <summary>
    /// Starts a harness; <paramref name="wrapStore"/> wraps the default store of each silo it starts (to hold or fail
    /// writes), <paramref name="streams"/> changes the options of the "events" provider.
    /// </summary>
    public static async Task<SiloHarness> StartAsync(
        Action<ISiloBuilder>? configure = null,
        Action<IServiceCollection>? services = null,
        (string Provider, string ConnectionString)? storage = null,
        Func<IRuntimeStore, IRuntimeStore>? wrapStore = null,
        Action<PersistentStreamOptions>? streams = null)
    {
        var harness = new SiloHarness(TestDirectory.Create(), configure, services, storage, wrapStore, streams);
        harness.Silo = await harness.StartSiloAsync();
        return harness;
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same storage.</summary>
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
        silo =>
        {
            if (_wrapStore is null)
            {
                silo.AddStorage(StorageNames.Default, Provider, ConnectionString);
            }
            else
            {
                silo.Services.AddSingleton(sp => new RuntimeStoreRegistration(
                    _wrapStore(RuntimeStoreFactory.Create(StorageNames.Default, Provider, ConnectionString, sp.GetService<ILoggerFactory>()))));
            }

            silo.AddPersistentStreams("events", o =>
                {
                    o.PollInterval = TimeSpan.FromMilliseconds(200);
                    o.RetryDelay = TimeSpan.FromMilliseconds(10);
                    _streams?.Invoke(o);
                })
                .AddMemoryStreams("memory")
                .AddReminders(o => o.MinimumPeriod = TimeSpan.FromMilliseconds(100))
                .Configure(o => o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(50));
            _configure?.Invoke(silo);
        },
        services =>
        {
            services.AddSingleton(Probe);
            _services?.Invoke(services);
        });
}
