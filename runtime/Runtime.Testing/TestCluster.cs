using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Runtime.Testing;

/// <summary>Settings of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterOptions
{
    /// <summary>The storage every silo shares (PostgreSQL connection string, e.g. a fresh database of <see cref="PostgresTestServer"/>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The storage provider (<see cref="RuntimeStoreFactory.PostgreSql"/> by default).</summary>
    public string Provider { get; set; } = RuntimeStoreFactory.PostgreSql;

    /// <summary>Partitions (default 32: few rows, quick rebalancing).</summary>
    public int Partitions { get; set; } = 32;

    /// <summary>Lease duration (default 1.5 s, so takeover tests stay short).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Renewal round (default 250 ms).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Configures every silo further (streams, reminders, options).</summary>
    public Action<string, ISiloBuilder>? ConfigureSilo { get; set; }

    /// <summary>Adds services to every silo (e.g. a probe shared by all of them).</summary>
    public Action<string, IServiceCollection>? ConfigureServices { get; set; }
}

/// <summary>
/// N silos in this process on one storage, coordinated by partition leases (the way Orleans' TestingHost is used):
/// start, stop one gracefully, kill one abruptly (no goodbye, no lease release), add one, and wait until the
/// partitions are spread evenly. Use one per test class (or as an <c>ICollectionFixture</c>).
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<TestClusterSilo> _silos = [];
    private readonly List<TestClusterSilo> _killed = [];
    private int _next;

    private TestCluster(TestClusterOptions options) => _options = options;

    /// <summary>The silos that are running (neither stopped nor killed), in start order.</summary>
    public IReadOnlyList<TestClusterSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>Starts <paramref name="silos"/> silos and waits until their partitions are stable.</summary>
    public static async Task<TestCluster> StartAsync(int silos, Action<TestClusterOptions> configure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TestClusterOptions();
        configure(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ConnectionString, nameof(options));
        var cluster = new TestCluster(options);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync().ConfigureAwait(false);
        }

        await cluster.WaitForStablePartitionsAsync().ConfigureAwait(false);
        return cluster;
    }

    /// <summary>Adds a silo (it takes its share of partitions from the others by hand-over); does not wait for stability.</summary>
    public Task<TestClusterSilo> AddSiloAsync() => StartSiloAsync();

    /// <summary>Stops a silo gracefully: it hands its partitions over and leaves.</summary>
    public async Task StopSiloAsync(TestClusterSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        lock (_silos)
        {
            _silos.Remove(silo);
        }

        await silo.Silo.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Kills a silo: heartbeats and renewals stop, its listener and connections drop and it serves nothing, but it
    /// says no goodbye and releases no lease; the others take its partitions over when the leases expire.
    /// </summary>
    public async Task KillSiloAsync(TestClusterSilo silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        lock (_silos)
        {
            _silos.Remove(silo);
            _killed.Add(silo);
        }

        await silo.Cluster.KillAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every partition is owned by a running silo, each running silo holds its fair share (the counts
    /// differ by at most one) and no silo is handing over.
    /// </summary>
    public async Task WaitForStablePartitionsAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(limit);
        while (!IsStable())
        {
            try
            {
                await Task.Delay(_options.RenewInterval / 2, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The cluster's partitions were not stable within {limit}: {Describe()}.");
            }
        }
    }

    /// <summary>Partitions held by each running silo.</summary>
    public string Describe() => string.Join(", ", Silos.Select(s => $"{s.Name}={s.HeldPartitions}"));

    private bool IsStable()
    {
        var silos = Silos;
        var counts = silos.Select(s => s.Cluster.Leases?.HeldCount ?? 0).ToList();
        if (counts.Sum() != _options.Partitions || counts.Max() - counts.Min() > 1)
        {
            return false;
        }

        // Every silo's map must agree: each partition is served by exactly one running silo and known to all as served
        // by a running silo (a map may still name a killed silo until its next refresh).
        var running = silos.Select(s => s.SiloId).ToHashSet(StringComparer.Ordinal);
        for (var p = 0; p < _options.Partitions; p++)
        {
            var servers = silos.Count(s => s.Cluster.Leases!.Serves(p));
            if (servers != 1)
            {
                return false;
            }

            foreach (var silo in silos)
            {
                if (silo.Cluster.Partitions.OwnerAt(p) is not { } owner || !running.Contains(owner.Name))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private async Task<TestClusterSilo> StartSiloAsync()
    {
        var name = $"silo-{Interlocked.Increment(ref _next)}";
        var port = TestPorts.GetFree();
        var faults = new ClusterFaults();
        var silo = await TestSilo.StartAsync(
            builder =>
            {
                builder.Configure(o =>
                    {
                        o.SiloName = name;
                        o.DeadlineCheckInterval = TimeSpan.FromMilliseconds(50);
                    })
                    .AddStorage(StorageNames.Default, _options.Provider, _options.ConnectionString);
                _options.ConfigureSilo?.Invoke(name, builder);
                builder.AddDatabaseCluster(o =>
                {
                    o.SiloName = name;
                    o.Endpoint = $"127.0.0.1:{port}";
                    o.Partitions = _options.Partitions;
                    o.LeaseDuration = _options.LeaseDuration;
                    o.RenewInterval = _options.RenewInterval;
                    o.DeathTimeout = _options.LeaseDuration * 2;
                    o.LeaveTimeout = TimeSpan.FromSeconds(10);
                });
            },
            services =>
            {
                services.AddSingleton(faults);
                _options.ConfigureServices?.Invoke(name, services);
            }).ConfigureAwait(false);
        var member = new TestClusterSilo(name, silo, faults);
        lock (_silos)
        {
            _silos.Add(member);
        }

        return member;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.Silo.StopAsync().ConfigureAwait(false);
        }

        foreach (var silo in _killed)
        {
            // Its leases are gone or held by others: whatever it still flushes is fenced.
            await silo.Silo.StopAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>A silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo
{
    internal TestClusterSilo(string name, TestSilo silo, ClusterFaults faults)
    {
        Name = name;
        Silo = silo;
        Faults = faults;
    }

    /// <summary>The silo's name.</summary>
    public string Name { get; }

    /// <summary>The in-process silo.</summary>
    public TestSilo Silo { get; }

    /// <summary>Fault injection (e.g. blocking lease renewals).</summary>
    public ClusterFaults Faults { get; }

    /// <summary>Factory for grain references on this silo.</summary>
    public IGrainFactory GrainFactory => Silo.GrainFactory;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Silo.Services;

    /// <summary>Partition leases this silo holds.</summary>
    public int HeldPartitions => Cluster.Leases?.HeldCount ?? 0;

    /// <summary>True while this silo serves the partition of <paramref name="grainId"/>.</summary>
    public bool Serves(GrainId grainId) => Cluster.IsLocal(grainId);

    /// <summary>Writes this silo attempted that fencing rejected.</summary>
    public long FencedWrites => Cluster.Instruments.FencedWrites;

    /// <summary>This silo's id in the membership table.</summary>
    public string SiloId => Cluster.Local.Name;

    /// <summary>The silo-to-silo and client endpoint.</summary>
    public System.Net.IPEndPoint Endpoint => Cluster.Local.Endpoint;

    internal SiloCluster Cluster => Services.GetRequiredService<SiloCluster>();
}
