using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Hosting;

/// <summary>
/// The silo's lifecycle as a hosted service. Start: storage schemas, then background services (reminders, stream
/// delivery), then calls are accepted. Stop: no new external calls, background services stop, every activation is
/// deactivated, queued state writes are flushed, storage is closed.
/// </summary>
public sealed class Silo : IHostedService, IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly IEnumerable<ISiloLifecycleParticipant> _participants;
    private readonly ILogger<Silo> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;
    private int _state;

    internal Silo(SiloRuntime runtime, IEnumerable<ISiloLifecycleParticipant> participants, ILogger<Silo> logger)
    {
        _runtime = runtime;
        _participants = participants;
        _logger = logger;
    }

    /// <summary>Factory for grain references on this silo.</summary>
    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    /// <summary>The silo's name.</summary>
    public string Name => _runtime.Options.SiloName;

    /// <summary>Number of activations.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    /// <summary>True between a completed start and the beginning of stop.</summary>
    public bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>Partition leases held in a database cluster; null for a single silo or a static cluster.</summary>
    public int? HeldPartitions => _runtime.Cluster?.Leases?.HeldCount;

    /// <summary>False once this silo was declared dead by a database cluster (it serves nothing any more).</summary>
    public bool IsClusterMember => _runtime.Cluster?.Leases?.IsDead != true;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime.Options.Validate();
        foreach (var registration in _runtime.Persistence.Stores.All)
        {
            await registration.Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var participant in _participants)
        {
            await participant.OnStartAsync(cancellationToken).ConfigureAwait(false);
        }

        _background = Task.WhenAll(RunDeadlinesAsync(_stopping.Token), RunCollectionAsync(_stopping.Token));
        Volatile.Write(ref _state, 1);
        RuntimeLog.SiloStarted(_logger, Name, _runtime.GrainTypes.All.Count);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        RuntimeLog.SiloStopping(_logger, Name, _runtime.Catalog.Count);
        _runtime.Dispatcher.Stop();
        try
        {
            foreach (var participant in _participants.Reverse())
            {
                await participant.OnStopAsync(cancellationToken).ConfigureAwait(false);
            }

            await _runtime.Catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
            await _runtime.Persistence.DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown time ran out (a request is still running): stop anyway; unacknowledged work is lost
            // exactly as in a crash, and acknowledged writes are already durable.
            RuntimeLog.ShutdownIncomplete(_logger, Name, _runtime.Catalog.Count);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _background.ConfigureAwait(false);
        foreach (var registration in _runtime.Persistence.Stores.All)
        {
            await registration.Store.DisposeAsync().ConfigureAwait(false);
        }

        RuntimeLog.SiloStopped(_logger, Name);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunDeadlinesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_runtime.Options.DeadlineCheckInterval, _runtime.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var expired = _runtime.Catalog.ExpireRequests();
                if (expired > 0)
                {
                    _runtime.Instruments.CallTimeouts.Add(expired);
                    RuntimeLog.CallsTimedOut(_logger, expired);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunCollectionAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_runtime.Options.CollectionQuantum, _runtime.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _runtime.Catalog.CollectIdle();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs the generated registrations of the entry assembly and everything it references that uses the runtime.</summary>
    internal static void LoadGrainAssemblies(IEnumerable<Assembly> explicitAssemblies)
    {
        var abstractions = typeof(IGrain).Assembly.GetName().Name;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>(explicitAssemblies);
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            queue.Enqueue(entry);
        }

        while (queue.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.FullName ?? assembly.GetName().Name!))
            {
                continue;
            }

            GrainRegistry.EnsureRegistered(assembly);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || reference.Name.StartsWith("System", StringComparison.Ordinal) || reference.Name.StartsWith("Microsoft", StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    var loaded = Assembly.Load(reference);
                    if (loaded.GetReferencedAssemblies().Any(r => r.Name == abstractions))
                    {
                        queue.Enqueue(loaded);
                    }
                }
                catch (FileNotFoundException)
                {
                    // Optional reference not deployed: it cannot contain grains we need.
                }
            }
        }
    }
}
