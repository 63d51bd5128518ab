using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Hosting;

namespace OrderGrains.Runtime.Testing;

/// <summary>
/// An in-process silo for tests: started on a given storage, stopped gracefully, killed (no deactivation), and
/// restarted on the same storage with the same configuration.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Action<ISiloBuilder> _configureSilo;
    private readonly Action<IServiceCollection>? _configureServices;
    private bool _stopped;

    private TestSilo(IHost host, Action<ISiloBuilder> configureSilo, Action<IServiceCollection>? configureServices)
    {
        _host = host;
        _configureSilo = configureSilo;
        _configureServices = configureServices;
    }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Factory for grain references on this silo.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo.</summary>
    public Silo Silo => Services.GetRequiredService<Silo>();

    /// <summary>Starts a silo configured by <paramref name="configureSilo"/> (storage, streams, options).</summary>
    public static async Task<TestSilo> StartAsync(
        Action<ISiloBuilder> configureSilo, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configureSilo);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddOrderGrainsSilo(configureSilo);
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new TestSilo(host, configureSilo, configureServices);
    }

    /// <summary>Stops gracefully: deactivates every grain and flushes state.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        _host.Dispose();
    }

    /// <summary>Stops this silo gracefully and starts a new one with the same configuration (and so the same storage).</summary>
    public async Task<TestSilo> RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        return await StartAsync(_configureSilo, _configureServices, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
