using System.Net;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Runtime.Placement;

/// <summary>What the lease manager tells the silo about.</summary>
internal interface ILeaseListener
{
    /// <summary>Leases taken: the silo serves these partitions from now on.</summary>
    void OnLeasesAcquired(IReadOnlyCollection<int> partitions);

    /// <summary>Leases lost without a hand-over (expired, taken by another silo, or this silo declared dead).</summary>
    void OnLeasesLost(IReadOnlyCollection<int> partitions);

    /// <summary>Deactivates the partitions' activations and flushes their writes, before their leases are released.</summary>
    Task HandOverAsync(IReadOnlyCollection<int> partitions);
}

/// <summary>
/// One silo's membership and partition leases. Every round (<see cref="DatabaseClusterOptions.RenewInterval"/>):
/// heartbeat, renew every held lease, declare silos with old heartbeats dead, take unowned or expired partitions up
/// to a fair share (ceil(partitions / live silos)), hand extra ones over when other silos need them, and rebuild the
/// partition map from the lease table. A lease is served only until its local deadline (renewal request time plus
/// the lease duration, minus a margin), which is never later than its expiry by the database clock.
/// </summary>
internal sealed class LeaseManager : IAsyncDisposable
{
    private readonly ClusterTable _table;
    private readonly DatabaseClusterOptions _options;
    private readonly PartitionMap _map;
    private readonly ClusterFaults _faults;
    private readonly ClusterInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Held?[] _held;
    private readonly object _lock = new();
    private readonly List<Task> _handOvers = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _refreshed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ILeaseListener? _listener;
    private IReadOnlyList<SiloRecord> _silos = [];
    private Task _loop = Task.CompletedTask;
    private volatile bool _leaving;
    private volatile bool _dead;
    private bool _active;
    private long _rounds;
    private long _nextWakeTicks;

    public LeaseManager(
        ClusterTable table, DatabaseClusterOptions options, SiloEndpoint local, PartitionMap map, ClusterFaults faults, ClusterInstruments instruments,
        TimeProvider time, ILogger logger)
    {
        _table = table;
        _options = options;
        Local = local;
        _map = map;
        _faults = faults;
        _instruments = instruments;
        _time = time;
        _logger = logger;
        _held = new Held?[map.Count];
    }

    /// <summary>This silo's identity and endpoint.</summary>
    public SiloEndpoint Local { get; }

    /// <summary>This silo's id in the membership and lease tables.</summary>
    public string SiloId => Local.Name;

    /// <summary>The membership table as last read.</summary>
    public IReadOnlyList<SiloRecord> Silos => Volatile.Read(ref _silos);

    /// <summary>Number of partition leases held (including those being handed over).</summary>
    public int HeldCount => _held.Count(h => h is not null);

    /// <summary>True once this silo was declared dead or killed: it serves nothing.</summary>
    public bool IsDead => _dead;

    /// <summary>Registers the silo, takes its first share of partitions and starts the renewal loop.</summary>
    public async Task StartAsync(ILeaseListener listener, IPEndPoint advertised, CancellationToken cancellationToken)
    {
        _listener = listener;
        await _table.EnsurePartitionsAsync(_map.Count, cancellationToken).ConfigureAwait(false);
        var address = advertised.ToString();
        var generation = long.Parse(SiloId[(SiloId.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await _table.RegisterAsync(SiloId, SiloId[..SiloId.IndexOf('@', StringComparison.Ordinal)], address, address, generation, cancellationToken).ConfigureAwait(false);
        await RoundAsync(cancellationToken).ConfigureAwait(false);
        ClusterLog.Joined(_logger, SiloId, _map.Count);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>True while this silo may serve <paramref name="partition"/>.</summary>
    public bool Serves(int partition)
    {
        if (_dead || _held[partition] is not { HandingOver: false } held)
        {
            return false;
        }

        // A zombie (renewals blocked by fault injection) keeps trusting its stale view: only fencing stops it.
        return _faults.BlockLeaseRenewals || _time.GetTimestamp() < held.LocalDeadline;
    }

    /// <summary>The fence of writes to <paramref name="partition"/>: the held epoch, or one that never matches.</summary>
    public StoreFence FenceFor(int partition) => new(partition, _held[partition]?.Epoch ?? -1, SiloId);

    /// <summary>Completes at the next refresh of the partition map, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForRefreshAsync(TimeSpan timeout)
    {
        var refreshed = Volatile.Read(ref _refreshed).Task;
        try
        {
            await refreshed.WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>
    /// Graceful leave: status shutting down (others take over the fair share), every partition handed over
    /// (activations deactivated and flushed, then the lease released), then the map is kept fresh until other silos
    /// own the partitions, so calls that still arrive here are forwarded.
    /// </summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (_dead)
        {
            return;
        }

        _leaving = true;
        await _table.SetStatusAsync(SiloId, SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _handOvers];
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        var all = Enumerable.Range(0, _held.Length).Where(p => _held[p] is not null).ToList();
        await HandOverAsync(all, cancellationToken).ConfigureAwait(false);

        var deadline = _time.GetTimestamp() + (long)(_options.LeaveTimeout.TotalSeconds * _time.TimestampFrequency);
        // With no other live silo there is nobody to wait for: the partitions stay unowned until one starts.
        while (_time.GetTimestamp() < deadline && Silos.Any(s => s.SiloId != SiloId && IsLive(s)) &&
               Enumerable.Range(0, _map.Count).Any(p => _map.OwnerAt(p) is not { } owner || ReferenceEquals(owner, Local)))
        {
            await WaitForRefreshAsync(_options.RenewInterval * 2).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the loop and marks the silo dead in the table (after <see cref="LeaveAsync"/>).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (!_dead)
        {
            _dead = true;
            try
            {
                await _table.SetStatusAsync(SiloId, SiloStatus.Dead, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RuntimeStoreException)
            {
                // Others declare it dead after the death timeout anyway.
            }
        }
    }

    /// <summary>Simulated crash: no goodbye, no release; this silo stops serving and renewing at once.</summary>
    public async Task KillAsync()
    {
        _dead = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var wake = TimeSpan.FromTicks(Interlocked.Read(ref _nextWakeTicks));
                await Task.Delay(wake > TimeSpan.Zero && wake < _options.RenewInterval ? wake : _options.RenewInterval, _time, cancellationToken).ConfigureAwait(false);
                await RoundAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                ClusterLog.RoundFailed(_logger, exception, SiloId);
                DropExpired();
                Signal();
            }
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        if (_dead)
        {
            return;
        }

        var blocked = _faults.BlockLeaseRenewals;
        if (!blocked)
        {
            await RenewAsync(cancellationToken).ConfigureAwait(false);
            if (_dead)
            {
                return;
            }
        }

        DropExpired();
        var silos = await _table.ReadSilosAsync(cancellationToken).ConfigureAwait(false);
        var leases = await _table.ReadLeasesAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _silos, silos);
        if (!blocked)
        {
            await DeclareDeadAsync(silos, cancellationToken).ConfigureAwait(false);
            await BalanceAsync(silos, leases, cancellationToken).ConfigureAwait(false);
        }

        RebuildMap(silos, leases);

        // A silent silo's leases are taken the moment they expire, not at the next regular round.
        var live = silos.Where(IsLive).Select(s => s.SiloId).ToHashSet(StringComparer.Ordinal);
        var orphanExpiry = leases.Where(l => l.OwnerId is { } owner && owner != SiloId && !live.Contains(owner) && l.Remaining > TimeSpan.Zero)
            .Select(l => l.Remaining).DefaultIfEmpty(TimeSpan.Zero).Min();
        Interlocked.Exchange(ref _nextWakeTicks, orphanExpiry > TimeSpan.Zero ? (orphanExpiry + TimeSpan.FromMilliseconds(20)).Ticks : 0);
        if (!_active && !_leaving && !blocked)
        {
            _active = await _table.SetStatusAsync(SiloId, SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        }

        Signal();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (!await _table.HeartbeatAsync(SiloId, cancellationToken).ConfigureAwait(false))
        {
            ClusterLog.SelfDeclaredDead(_logger, SiloId);
            _dead = true;
            LoseAll();
            return;
        }

        var started = _time.GetTimestamp();
        var renewed = await _table.RenewAsync(SiloId, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        var deadline = LocalDeadline(started);
        var lost = new List<int>();
        var stray = new List<(int, long)>();
        lock (_lock)
        {
            var seen = new bool[_held.Length];
            foreach (var (partition, epoch) in renewed)
            {
                if (partition < 0 || partition >= _held.Length)
                {
                    continue;
                }

                seen[partition] = true;
                if (_held[partition] is { } held && held.Epoch == epoch)
                {
                    _held[partition] = held with { LocalDeadline = deadline };
                }
                else if (_held[partition] is null)
                {
                    stray.Add((partition, epoch));
                }
            }

            for (var p = 0; p < _held.Length; p++)
            {
                if (_held[p] is not null && !seen[p])
                {
                    _held[p] = null;
                    lost.Add(p);
                }
            }
        }

        // A lease the table gives this silo that it does not hold (a release that failed): give it up now.
        foreach (var (partition, epoch) in stray)
        {
            await _table.ReleaseAsync(partition, epoch, SiloId, cancellationToken).ConfigureAwait(false);
        }

        Lose(lost);
    }

    private void DropExpired()
    {
        if (_faults.BlockLeaseRenewals)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var lost = new List<int>();
        lock (_lock)
        {
            for (var p = 0; p < _held.Length; p++)
            {
                if (_held[p] is { } held && now >= held.LocalDeadline && !held.HandingOver)
                {
                    _held[p] = null;
                    lost.Add(p);
                }
            }
        }

        Lose(lost);
    }

    private void LoseAll()
    {
        var lost = new List<int>();
        lock (_lock)
        {
            for (var p = 0; p < _held.Length; p++)
            {
                if (_held[p] is not null)
                {
                    _held[p] = null;
                    lost.Add(p);
                }
            }
        }

        Lose(lost);
    }

    private void Lose(List<int> lost)
    {
        if (lost.Count == 0)
        {
            return;
        }

        _instruments.LeasesLost.Add(lost.Count);
        ClusterLog.Lost(_logger, SiloId, lost.Count, string.Join(',', lost.Take(16)));
        _listener?.OnLeasesLost(lost);
    }

    private async Task DeclareDeadAsync(IReadOnlyList<SiloRecord> silos, CancellationToken cancellationToken)
    {
        foreach (var silo in silos)
        {
            if (silo.Status != SiloStatus.Dead && silo.SiloId != SiloId && silo.HeartbeatAge > _options.DeathTimeout &&
                await _table.DeclareDeadAsync(silo.SiloId, _options.DeathTimeout, cancellationToken).ConfigureAwait(false))
            {
                ClusterLog.DeclaredDead(_logger, SiloId, silo.SiloId, (long)silo.HeartbeatAge.TotalMilliseconds);
            }
        }

        if (Interlocked.Increment(ref _rounds) % 60 == 0)
        {
            await _table.DeleteDeadAsync(_options.DeadSiloRetention, cancellationToken).ConfigureAwait(false);
        }
    }

    // For balancing, a silo silent for a lease duration no longer counts: its leases have expired by then, and the
    // survivors must take them all without waiting for it to be declared dead.
    // A healthy silo heartbeats every round, so three missed rounds are enough to stop counting it (safe: only free,
    // i.e. unowned or expired, partitions are ever taken).
    private bool IsLive(SiloRecord silo) =>
        silo.Status is SiloStatus.Joining or SiloStatus.Active &&
        silo.HeartbeatAge <= (_options.RenewInterval * 3 < _options.LeaseDuration ? _options.RenewInterval * 3 : _options.LeaseDuration);

    private async Task BalanceAsync(IReadOnlyList<SiloRecord> silos, IReadOnlyList<LeaseRecord> leases, CancellationToken cancellationToken)
    {
        if (_leaving)
        {
            return;
        }

        var live = silos.Where(IsLive).Select(s => s.SiloId).ToHashSet(StringComparer.Ordinal);
        live.Add(SiloId);
        var target = (_map.Count + live.Count - 1) / live.Count;
        var mine = _held.Count(h => h is { HandingOver: false });
        var free = leases.Where(l => (l.OwnerId is null || l.Remaining <= TimeSpan.Zero) && _held[l.Partition] is null).ToList();
        if (mine < target && free.Count > 0)
        {
            // Random order: silos starting together contend less for the same rows.
            var candidates = free.ToArray();
            Random.Shared.Shuffle(candidates);
            var acquired = new List<int>();
            foreach (var lease in candidates)
            {
                if (mine >= target)
                {
                    break;
                }

                var started = _time.GetTimestamp();
                if (await _table.AcquireAsync(lease.Partition, lease.Epoch, SiloId, _options.LeaseDuration, cancellationToken).ConfigureAwait(false) is { } epoch)
                {
                    lock (_lock)
                    {
                        _held[lease.Partition] = new Held(epoch, LocalDeadline(started), HandingOver: false);
                    }

                    acquired.Add(lease.Partition);
                    mine++;
                }
            }

            if (acquired.Count > 0)
            {
                _instruments.LeasesAcquired.Add(acquired.Count);
                ClusterLog.Acquired(_logger, SiloId, acquired.Count, HeldCount);
                _listener?.OnLeasesAcquired(acquired);
            }

            return;
        }

        // Hand extra partitions over only when nothing is free and another live silo is below its share.
        var floor = _map.Count / live.Count;
        var owned = leases.Where(l => l.OwnerId is not null && l.Remaining > TimeSpan.Zero).GroupBy(l => l.OwnerId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (mine > target && free.Count == 0 && live.Any(id => id != SiloId && owned.GetValueOrDefault(id) < floor))
        {
            var extra = new List<int>();
            lock (_lock)
            {
                for (var p = _held.Length - 1; p >= 0 && extra.Count < Math.Min(mine - target, _options.MaxHandOversPerRound); p--)
                {
                    if (_held[p] is { HandingOver: false } held)
                    {
                        _held[p] = held with { HandingOver = true };
                        extra.Add(p);
                    }
                }

                _handOvers.RemoveAll(t => t.IsCompleted);
                _handOvers.Add(HandOverAsync(extra, CancellationToken.None));
            }
        }
    }

    /// <summary>Stops serving the partitions, lets the silo deactivate and flush them, then releases their leases.</summary>
    private async Task HandOverAsync(List<int> partitions, CancellationToken cancellationToken)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var p in partitions)
            {
                if (_held[p] is { } held)
                {
                    _held[p] = held with { HandingOver = true };
                }
            }
        }

        try
        {
            await _listener!.HandOverAsync(partitions).ConfigureAwait(false);
            foreach (var p in partitions)
            {
                if (_held[p] is { } held)
                {
                    await _table.ReleaseAsync(p, held.Epoch, SiloId, cancellationToken).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _held[p] = null;
                    }

                    _instruments.LeasesHandedOver.Add(1);
                    ClusterLog.HandedOver(_logger, SiloId, p);
                }
            }
        }
        catch (Exception exception) when (exception is RuntimeStoreException or OperationCanceledException)
        {
            // Not released: the lease simply expires (the next owner waits at most one lease duration).
            ClusterLog.RoundFailed(_logger, exception, SiloId);
        }
    }

    private void RebuildMap(IReadOnlyList<SiloRecord> silos, IReadOnlyList<LeaseRecord> leases)
    {
        var endpoints = new Dictionary<string, SiloEndpoint>(StringComparer.Ordinal);
        foreach (var silo in silos)
        {
            if (silo.Status != SiloStatus.Dead && silo.SiloId != SiloId && IPEndPoint.TryParse(silo.Address, out var endpoint))
            {
                // Keep the same instance for the same silo so that connections and references stay stable.
                endpoints[silo.SiloId] = _map.Endpoints.TryGetValue(silo.SiloId, out var known) ? known : new SiloEndpoint(silo.SiloId, endpoint);
            }
        }

        var owners = new SiloEndpoint?[_map.Count];
        foreach (var lease in leases)
        {
            if (lease.Partition < 0 || lease.Partition >= owners.Length)
            {
                continue;
            }

            owners[lease.Partition] = _held[lease.Partition] is not null
                ? Local
                : lease.OwnerId is { } owner && lease.Remaining > TimeSpan.Zero && endpoints.TryGetValue(owner, out var endpoint) ? endpoint : null;
        }

        _map.Replace(owners, endpoints);
    }

    private void Signal()
    {
        var previous = Interlocked.Exchange(ref _refreshed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }

    // Served until renewal start + duration - margin: the database set the expiry after the request left, so this
    // local deadline is never later than the database's, even with the local clock running up to 1/8 fast.
    private long LocalDeadline(long startedTimestamp) =>
        startedTimestamp + (long)((_options.LeaseDuration - (_options.LeaseDuration / 8)).TotalSeconds * _time.TimestampFrequency);

    private sealed record Held(long Epoch, long LocalDeadline, bool HandingOver);
}
