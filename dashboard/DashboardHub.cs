using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderGrains.Dashboard.Business;
using OrderGrains.Dashboard.Cluster;
using OrderGrains.Dashboard.Logs;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Dashboard;

/// <summary>
/// Builds a <see cref="LiveSnapshot"/> every snapshot interval while a client of this process watches (nothing at all
/// otherwise), keeps the charts' history, records membership and takeover events, and fans snapshots out to the
/// live channel's subscribers.
/// </summary>
internal sealed class DashboardHub(
    DashboardSilos silos,
    BusinessCollector business,
    DashboardWatch watch,
    DashboardOptions options,
    ClusterEventLog events,
    DashboardLogBuffer localLogs,
    TimeProvider time,
    ILogger<DashboardHub> logger) : BackgroundService
{
    private const int EventsShown = 50;
    private const int MethodsShown = 50;

    private readonly SemaphoreSlim _collecting = new(1, 1);
    private readonly Queue<HistoryPoint> _history = new();
    private readonly ConcurrentDictionary<Channel<LiveSnapshot>, byte> _subscribers = new();
    private readonly HashSet<string> _up = new(StringComparer.Ordinal);
    private string?[]? _lastOwners;
    private LiveSnapshot? _latest;
    private BusinessSnapshot? _business;
    private Task? _businessRun;
    private DateTimeOffset _businessAt = DateTimeOffset.MinValue;
    private readonly Dictionary<string, long> _logCursors = new(StringComparer.Ordinal);
    private long _localLogCursor;

    /// <summary>Every silo's log entries (and this process's, in an API tier), merged as the snapshots bring them.</summary>
    public DashboardLogBuffer ClusterLogs { get; } = DashboardLogBuffer.Merged(options, time);

    /// <summary>The charts' history, oldest first.</summary>
    public IReadOnlyList<HistoryPoint> History
    {
        get
        {
            lock (_history)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>The latest snapshot, taken now when none is recent.</summary>
    public async Task<LiveSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var latest = _latest;
        if (latest is not null && time.GetUtcNow() - latest.At < options.SnapshotInterval * 2)
        {
            return latest;
        }

        return await CollectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A reader of every following snapshot (the slowest reader loses old snapshots, never blocks the others).</summary>
    public Channel<LiveSnapshot> Subscribe()
    {
        var channel = Channel.CreateBounded<LiveSnapshot>(new BoundedChannelOptions(2) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[channel] = 0;
        return channel;
    }

    public void Unsubscribe(Channel<LiveSnapshot> channel) => _subscribers.TryRemove(channel, out _);

    /// <summary>Asks for a fresh business view with the next snapshot (after an operation changed it).</summary>
    public void RefreshBusiness() => _businessAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SnapshotInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!watch.HasViewers)
                {
                    continue;
                }

                try
                {
                    await CollectAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    DashboardLog.SnapshotFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<LiveSnapshot> CollectAsync(CancellationToken cancellationToken)
    {
        await _collecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var latest = _latest;
            if (latest is not null && time.GetUtcNow() - latest.At < options.SnapshotInterval / 2)
            {
                return latest;
            }

            var results = await silos.CollectAsync(LogCursorOf, cancellationToken).ConfigureAwait(false);
            MergeLogs(results);
            var now = time.GetUtcNow();
            var owners = OwnersOf(results);
            RecordClusterEvents(results, owners, now);
            StartBusiness(results, now);

            var snapshot = Build(results, owners, now);
            lock (_history)
            {
                _history.Enqueue(snapshot.Point);
                while (_history.Count > options.HistoryPoints)
                {
                    _history.Dequeue();
                }
            }

            _latest = snapshot;
            foreach (var subscriber in _subscribers.Keys)
            {
                subscriber.Writer.TryWrite(snapshot);
            }

            return snapshot;
        }
        finally
        {
            _collecting.Release();
        }
    }

    private long LogCursorOf(string silo)
    {
        lock (_logCursors)
        {
            return _logCursors.GetValueOrDefault(silo);
        }
    }

    private void MergeLogs(IReadOnlyList<SiloResult> results)
    {
        foreach (var result in results)
        {
            if (result.Report is not { } report)
            {
                continue;
            }

            foreach (var entry in report.Logs)
            {
                ClusterLogs.Append(entry, result.Name);
            }

            lock (_logCursors)
            {
                // A silo that restarted numbers its entries from 1 again: start over with it.
                _logCursors[result.Name] = report.LastLogSequence < LogCursorOf(result.Name) ? 0 : report.Logs.Count > 0 ? report.Logs[^1].Sequence : LogCursorOf(result.Name);
            }
        }

        if (silos.LocalName is null)
        {
            // An API tier: its own logs join the silos'.
            foreach (var entry in localLogs.After(_localLogCursor, LogLevel.Trace, 200))
            {
                ClusterLogs.Append(entry, "api");
                _localLogCursor = entry.Sequence;
            }
        }
    }

    // The business view queries the database and many grains: it runs beside the snapshots at its own interval, and
    // each snapshot carries the newest one finished.
    private void StartBusiness(IReadOnlyList<SiloResult> results, DateTimeOffset now)
    {
        if (_businessRun is { IsCompleted: false } || now - _businessAt < options.BusinessInterval)
        {
            return;
        }

        _businessAt = now;
        _businessRun = Task.Run(async () =>
        {
            try
            {
                _business = await business.CollectAsync(results, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                DashboardLog.BusinessFailed(logger, e);
            }
        });
    }

    /// <summary>Waits for the business view being read, if any (the first page load shows it at once).</summary>
    public async Task<BusinessSnapshot?> BusinessAsync()
    {
        if (_businessRun is { } run)
        {
            await run.ConfigureAwait(false);
        }

        return _business;
    }

    private string?[] OwnersOf(IReadOnlyList<SiloResult> results)
    {
        var local = results.FirstOrDefault(r => r.Name == silos.LocalName)?.Report;
        var map = local?.PartitionOwners is { Count: > 0 } mine
            ? mine
            : results.Select(r => r.Report?.PartitionOwners).FirstOrDefault(o => o is { Count: > 0 });
        return map is null ? [] : [.. map];
    }

    private void RecordClusterEvents(IReadOnlyList<SiloResult> results, string?[] owners, DateTimeOffset now)
    {
        foreach (var result in results)
        {
            if (result.Report is { } report && _up.Add(result.Name))
            {
                events.Record(new ClusterEvent(now, ClusterEventKind.Joined, result.Name, $"{result.Name} is up (started {report.StartedAt:u})"));
            }
            else if (result.Report is null && _up.Remove(result.Name))
            {
                events.Record(new ClusterEvent(now, ClusterEventKind.Left, result.Name, $"{result.Name} stopped answering: {result.Error}"));
            }
        }

        if (_lastOwners is { } previous && previous.Length == owners.Length)
        {
            foreach (var moved in owners.Select((owner, p) => (owner, p)).Where(x => x.owner != previous[x.p]).GroupBy(x => x.owner ?? "(none)"))
            {
                events.Record(new ClusterEvent(now, ClusterEventKind.Takeover, moved.Key,
                    $"{moved.Key} took over {moved.Count()} partition(s) (from {string.Join(", ", moved.Select(x => previous[x.p] ?? "(none)").Distinct())})"));
            }
        }

        if (owners.Length > 0)
        {
            _lastOwners = owners;
        }
    }

    private LiveSnapshot Build(IReadOnlyList<SiloResult> results, string?[] owners, DateTimeOffset now)
    {
        var bySilo = owners.Where(o => o is not null).GroupBy(o => o!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var reports = results.Select(r => r.Report).OfType<SiloReport>().ToList();
        var siloViews = results.Select(r => r.Report is { } report
            ? new SiloView(r.Name, "up", null, report.StartedAt, Math.Max(0, (now - report.StartedAt).TotalSeconds), report.CpuPercent,
                report.WorkingSetBytes, report.GcHeapBytes, report.Activations, report.MailboxLength,
                owners.Length == 0 ? 0 : bySilo.GetValueOrDefault(r.Name), report.CallsPerSecond, report.ExceptionsPerSecond, report.StreamLag)
            : new SiloView(r.Name, "unreachable", r.Error, null, 0, 0, 0, 0, 0, 0, bySilo.GetValueOrDefault(r.Name), 0, 0, new Dictionary<string, long>()))
            .ToList();

        var methods = reports.SelectMany(r => r.Methods)
            .GroupBy(m => (m.GrainType, m.Method))
            .Select(g => new MethodReport(
                g.Key.GrainType,
                g.Key.Method,
                g.Sum(m => m.Calls),
                g.Sum(m => m.Exceptions),
                g.Sum(m => m.CallsPerSecond),
                g.Sum(m => m.ExceptionsPerSecond),
                WeightedAverage(g),
                g.Max(m => m.P99Ms)))
            .ToList();
        var activations = reports.SelectMany(r => r.ActivationsByType).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        var types = activations.Keys.Union(methods.Select(m => m.GrainType), StringComparer.Ordinal)
            .Select(type =>
            {
                var ofType = methods.Where(m => m.GrainType == type).ToList();
                return new GrainTypeView(type, activations.GetValueOrDefault(type), ofType.Sum(m => m.CallsPerSecond), ofType.Sum(m => m.ExceptionsPerSecond),
                    WeightedAverage(ofType), ofType.Count == 0 ? 0 : ofType.Max(m => m.P99Ms));
            })
            .OrderByDescending(t => t.CallsPerSecond).ThenByDescending(t => t.Activations).ThenBy(t => t.GrainType, StringComparer.Ordinal)
            .ToList();
        var totals = new Totals(
            methods.Sum(m => m.CallsPerSecond),
            methods.Sum(m => m.ExceptionsPerSecond),
            reports.Sum(r => (long)r.Activations),
            WeightedAverage(methods),
            methods.Count == 0 ? 0 : methods.Max(m => m.P99Ms),
            reports.Sum(r => r.MailboxLength));
        var businessView = _business;
        var point = new HistoryPoint(
            now,
            totals.CallsPerSecond,
            totals.ExceptionsPerSecond,
            totals.AverageMs,
            totals.MaxP99Ms,
            totals.Activations,
            reports.ToDictionary(r => r.Name, r => r.CpuPercent, StringComparer.Ordinal),
            businessView?.OrdersLastMinute ?? 0,
            businessView?.OrdersByStatus ?? new Dictionary<string, long>(),
            businessView?.Reroutes ?? 0);
        var recentEvents = events.Snapshot();
        return new LiveSnapshot(
            now,
            silos.LocalName ?? "api",
            siloViews,
            new PartitionView(owners.Length, owners, bySilo),
            [.. recentEvents.Skip(Math.Max(0, recentEvents.Count - EventsShown)).Reverse()],
            types,
            [.. methods.OrderByDescending(m => m.CallsPerSecond).ThenBy(m => m.Method, StringComparer.Ordinal).Take(MethodsShown)],
            totals,
            businessView,
            point);
    }

    private static double WeightedAverage(IEnumerable<MethodReport> methods)
    {
        long calls = 0;
        double total = 0;
        foreach (var m in methods)
        {
            calls += m.Calls;
            total += m.AverageMs * m.Calls;
        }

        return calls == 0 ? 0 : total / calls;
    }

    public override void Dispose()
    {
        _collecting.Dispose();
        base.Dispose();
    }
}
