using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Storage;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.Runtime.Reminders;

/// <summary>
/// Durable reminders: stored in the database, loaded at start, and fired as requests to their grains (activating
/// them if needed). A tick missed while the silo was down fires once at start; later ticks keep the original phase.
/// </summary>
internal sealed class ReminderService(SiloRuntime runtime, IOptions<ReminderOptions> options, ILoggerFactory loggerFactory)
    : IReminderRegistry, ISiloLifecycleParticipant
{
    private readonly ConcurrentDictionary<(GrainId, string), ScheduledReminder> _scheduled = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("OrderGrains.Runtime.Reminders");
    private volatile bool _stopped;

    private SiloRuntime Runtime => runtime;

    private IRuntimeStore Store => runtime.Persistence.Stores.Get(options.Value.StorageName).Store;

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Cluster is { IsDynamic: true } cluster)
        {
            // Partitions move: reminders follow their partition's lease.
            cluster.PartitionsAcquired += OnPartitionsAcquired;
            cluster.PartitionsReleased += OnPartitionsReleased;
        }

        var all = await Store.GetAllRemindersAsync(cancellationToken);
        foreach (var record in all)
        {
            Schedule(record);
        }

        ReminderLog.Loaded(_logger, all.Count);
    }

    public Task OnStopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        if (runtime.Cluster is { IsDynamic: true } cluster)
        {
            cluster.PartitionsAcquired -= OnPartitionsAcquired;
            cluster.PartitionsReleased -= OnPartitionsReleased;
        }

        foreach (var reminder in _scheduled.Values)
        {
            reminder.Dispose();
        }

        _scheduled.Clear();
        return Task.CompletedTask;
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        if (period < options.Value.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"A reminder period must be at least {options.Value.MinimumPeriod} (ReminderOptions.MinimumPeriod); use a grain timer for shorter periods.");
        }

        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time cannot be negative.");
        }

        if (!runtime.GrainTypes.TryGet(grainId.Type, out var descriptor) || !descriptor.Interfaces.Contains(typeof(IRemindable)))
        {
            throw new InvalidOperationException($"Grain type '{grainId.Type}' does not implement IRemindable, so it cannot receive reminders.");
        }

        var record = new ReminderRecord(grainId, reminderName, runtime.TimeProvider.GetUtcNow() + dueTime, period);
        await Fenced(fence => Store.UpsertReminderAsync(record, fence, cancellationToken), grainId);
        Schedule(record);
        return new GrainReminder(record);
    }

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await Fenced(fence => Store.DeleteReminderAsync(grainId, reminder.ReminderName, fence, cancellationToken), grainId);
        if (_scheduled.TryRemove((grainId, reminder.ReminderName), out var scheduled))
        {
            scheduled.Dispose();
        }
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var all = await Store.GetRemindersAsync(grainId, cancellationToken);
        return all.FirstOrDefault(r => r.Name == reminderName) is { } record ? new GrainReminder(record) : null;
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId, CancellationToken cancellationToken) =>
        [.. (await Store.GetRemindersAsync(grainId, cancellationToken)).Select(r => new GrainReminder(r))];

    /// <summary>Runs a reminder update fenced by the grain's partition lease when the reminders live in the cluster's storage.</summary>
    private async Task Fenced(Func<StoreFence?, Task> update, GrainId grainId)
    {
        var cluster = runtime.Cluster;
        var fence = cluster is { IsDynamic: true } && Store.Name == cluster.FencedStoreName ? cluster.FenceFor(grainId) : null;
        try
        {
            await update(fence);
        }
        catch (PartitionLeaseLostException) when (cluster is not null)
        {
            cluster.CountFenced(1);
            throw;
        }
    }

    private void OnPartitionsAcquired(IReadOnlyCollection<int> partitions) => _ = LoadAsync(partitions);

    private async Task LoadAsync(IReadOnlyCollection<int> partitions)
    {
        var cluster = runtime.Cluster!;
        var set = partitions.ToHashSet();
        try
        {
            foreach (var record in await Store.GetAllRemindersAsync(CancellationToken.None))
            {
                if (set.Contains(cluster.Partitions.PartitionOf(record.GrainId)) && !_scheduled.ContainsKey((record.GrainId, record.Name)))
                {
                    Schedule(record);
                }
            }
        }
        catch (Exception exception) when (exception is RuntimeStoreException or ObjectDisposedException)
        {
            ReminderLog.LoadFailed(_logger, partitions.Count, exception);
        }
    }

    private void OnPartitionsReleased(IReadOnlyCollection<int> partitions)
    {
        var cluster = runtime.Cluster!;
        var set = partitions.ToHashSet();
        foreach (var (key, scheduled) in _scheduled)
        {
            if (set.Contains(cluster.Partitions.PartitionOf(key.Item1)) && _scheduled.TryRemove(new KeyValuePair<(GrainId, string), ScheduledReminder>(key, scheduled)))
            {
                scheduled.Dispose();
            }
        }
    }

    private void Schedule(ReminderRecord record)
    {
        // The silo that owns the grain fires its reminders; the others leave them alone.
        if (_stopped || runtime.Cluster?.IsLocal(record.GrainId) == false)
        {
            return;
        }

        var scheduled = new ScheduledReminder(record, this);
        _scheduled.AddOrUpdate((record.GrainId, record.Name), scheduled, (_, previous) =>
        {
            previous.Dispose();
            return scheduled;
        });
        scheduled.Start(NextDue(record, runtime.TimeProvider.GetUtcNow(), catchUp: true));
    }

    /// <summary>The next due time: the start if still ahead, else the latest missed tick (once), else the next in phase.</summary>
    private static DateTimeOffset NextDue(ReminderRecord record, DateTimeOffset now, bool catchUp)
    {
        if (record.StartAt > now)
        {
            return record.StartAt;
        }

        var elapsedPeriods = (long)Math.Floor((now - record.StartAt) / record.Period);
        var latest = record.StartAt + (record.Period * elapsedPeriods);
        return catchUp ? latest : latest + record.Period;
    }

    private async Task FireAsync(ScheduledReminder scheduled, DateTimeOffset due)
    {
        var record = scheduled.Record;
        var request = new ReminderTickRequest(record.Name, new TickStatus(record.StartAt, record.Period, due));
        runtime.Dispatcher.SendSystemRequest(record.GrainId, request);
        try
        {
            await request.AsVoidValueTask();
        }
        catch (Exception exception)
        {
            ReminderLog.TickFailed(_logger, record.Name, record.GrainId, exception);
        }

        if (!_stopped && _scheduled.TryGetValue((record.GrainId, record.Name), out var current) && current == scheduled)
        {
            scheduled.Start(NextDue(record, runtime.TimeProvider.GetUtcNow(), catchUp: false));
        }
    }

    private sealed class ScheduledReminder(ReminderRecord record, ReminderService service) : IDisposable
    {
        private readonly object _lock = new();
        private ITimer? _timer;
        private bool _disposed;

        public ReminderRecord Record => record;

        private ReminderService Service => service;

        public void Start(DateTimeOffset due)
        {
            var delay = due - service.Runtime.TimeProvider.GetUtcNow();
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _timer?.Dispose();
                _timer = service.Runtime.TimeProvider.CreateTimer(
                    static s =>
                    {
                        var (self, due) = ((ScheduledReminder, DateTimeOffset))s!;
                        _ = self.Service.FireAsync(self, due);
                    },
                    (this, due),
                    delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
                    Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
            }
        }
    }

    private sealed record GrainReminder(ReminderRecord Record) : IGrainReminder
    {
        public string ReminderName => Record.Name;

        public DateTimeOffset StartAt => Record.StartAt;

        public TimeSpan Period => Record.Period;
    }
}
