using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Warehouses;

/// <summary>
/// A warehouse (<c>warehouse/{id}</c>): profile, status, backlog and the open allocations of orders. Every change is
/// written first, then pushed to the directory with a version (not awaited by the caller; a failed push is retried
/// and the snapshot is pushed again on activation, so the directory converges). A status that stops allocations
/// stages one <see cref="WarehouseOutage"/> in the same write as the status (outbox); <see cref="OutageFanOutGrain"/>
/// takes it to every order allocated here.
/// See <see cref="WarehouseStatusRules"/> for what each status means. Reentrant: every check and change happens
/// synchronously in the request's turn, and concurrent requests share one storage write (an order's allocation is
/// answered once the write carrying it is durable), so a busy warehouse is not limited to one commit per order.
/// </summary>
[GrainType("warehouse")]
[Reentrant]
public sealed class WarehouseGrain(
    [PersistentState("warehouse")] IPersistentState<WarehouseState> state,
    TimeProvider time,
    ILogger<WarehouseGrain> logger) : Grain, IWarehouseGrain
{
    private static readonly TimeSpan PushRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a change of load alone (allocations added or removed) reaches the directory. Routing reads the
    /// directory through a cache up to a second old and the warehouse refuses what it cannot take, so a little more
    /// staleness costs nothing; one push per allocation was a directory write per order.
    /// </summary>
    internal static readonly TimeSpan LoadPushInterval = TimeSpan.FromMilliseconds(250);

    private IPersistentDictionary<int> _allocations = null!;
    private int _backlog;
    private bool _pushing;
    private bool _pushAgain;
    private IGrainTimer? _pushLater;
    private DateTimeOffset _lastPush = DateTimeOffset.MinValue;

    private WarehouseState State => state.State;

    private string WarehouseId => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // One row per open allocation beside the warehouse's row: allocating writes that row, not all of them.
        _allocations = state.GetEntries<int>("allocations");
        foreach (var (orderId, units) in State.Allocations)
        {
            _allocations.Set(orderId, units);
        }

        State.Allocations.Clear();
        _backlog = _allocations.Values.Sum();

        // A push may have been lost with the previous activation; the directory ignores it if it has this version.
        if (State.Profile is not null)
        {
            SchedulePush();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A push still waiting (a load change, a retry) goes now, rather than at the next activation.
        if (_pushLater is not null)
        {
            _pushLater.Dispose();
            _pushLater = null;
            try
            {
                await PushSnapshotAsync();
            }
            catch (Exception exception)
            {
                logger.DirectoryPushFailed(WarehouseId, exception);
            }
        }
    }

    public Task<WarehouseSnapshot> Configure(WarehouseProfile profile)
    {
        WarehouseProfileValidator.Validate(WarehouseId, profile);
        State.Profile = profile with { Lanes = [.. profile.Lanes] };
        Commit();
        logger.Configured(WarehouseId, profile.DailyCapacityUnits, profile.Lanes.Count);
        return Task.FromResult(Snapshot());
    }

    public Task<WarehouseSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task<WarehouseSnapshot> SetStatus(WarehouseStatus status, string reason)
    {
        var profile = RequireProfile();
        if (!Enum.IsDefined(status))
        {
            throw new DomainException("warehouse.invalid-status", $"Unknown warehouse status {status}.");
        }

        var normalized = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (State.Status == status && string.Equals(State.StatusReason, normalized, StringComparison.Ordinal))
        {
            return Task.FromResult(Snapshot());
        }

        var wasNotifying = WarehouseStatusRules.NotifiesOrders(State.Status, State.StatusReason);
        State.Status = status;
        State.StatusReason = normalized;
        var notified = 0;
        var events = new List<StagedStreamEvent>();
        if (!wasNotifying && WarehouseStatusRules.NotifiesOrders(status, normalized))
        {
            var outage = new WarehouseOutage(profile.WarehouseId, status, normalized ?? status.ToString(), time.GetUtcNow());
            events.Add(GetStreamProvider(StockStreams.Provider).GetStream<WarehouseOutage>(WarehouseStreams.OutageNotices, WarehouseId).Stage(outage));
            notified = _allocations.Count;
        }

        Commit(events);
        logger.StatusChanged(WarehouseId, status, normalized, notified);
        return Task.FromResult(Snapshot());
    }

    public Task<IReadOnlyList<string>> GetAllocatedOrders() =>
        Task.FromResult<IReadOnlyList<string>>([.. _allocations.Keys.Order(StringComparer.Ordinal)]);

    public Task<WarehouseSnapshot> AddAllocation(string orderId, int units)
    {
        var profile = RequireProfile();
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw new DomainException("warehouse.invalid-allocation", "An allocation needs an order id.");
        }

        if (units <= 0)
        {
            throw new DomainException("warehouse.invalid-allocation", $"An allocation needs at least one unit (got {units}); use RemoveAllocation.");
        }

        _allocations.TryGetValue(orderId, out var existing);
        if (existing == units)
        {
            return Task.FromResult(Snapshot());
        }

        // Shrinking an allocation (lines shipped or cancelled) is always allowed; growing one is a new commitment.
        if (units > existing)
        {
            if (!WarehouseStatusRules.AcceptsAllocations(State.Status, State.StatusReason))
            {
                var code = State.Status == WarehouseStatus.Offline ? "warehouse.offline" : "warehouse.degraded";
                logger.AllocationRefused(WarehouseId, orderId, units, code);
                throw new DomainException(code, $"Warehouse {WarehouseId} is {State.Status} ({State.StatusReason ?? "no reason given"}) and takes no new allocations.");
            }

            var backlog = _backlog - existing + units;
            if (backlog > profile.DailyCapacityUnits)
            {
                logger.AllocationRefused(WarehouseId, orderId, units, "warehouse.over-capacity");
                throw new DomainException(
                    "warehouse.over-capacity",
                    $"Warehouse {WarehouseId} cannot take {units} units for {orderId}: backlog would be {backlog} of {profile.DailyCapacityUnits}.");
            }
        }

        _allocations.Set(orderId, units);
        _backlog += units - existing;
        Commit(loadOnly: true);
        return Task.FromResult(Snapshot());
    }

    public Task<WarehouseSnapshot> RemoveAllocation(string orderId)
    {
        RequireProfile();
        if (orderId is null || !_allocations.TryGetValue(orderId, out var units))
        {
            return Task.FromResult(Snapshot());
        }

        _allocations.Remove(orderId);
        _backlog -= units;

        Commit(loadOnly: true);
        return Task.FromResult(Snapshot());
    }

    public Task<WarehouseSnapshot> SetDailyCapacity(int units)
    {
        var profile = RequireProfile();
        if (units < 0)
        {
            throw new DomainException("warehouse.invalid-profile", "Warehouse profile field DailyCapacityUnits must not be negative.");
        }

        if (profile.DailyCapacityUnits == units)
        {
            return Task.FromResult(Snapshot());
        }

        State.Profile = profile with { DailyCapacityUnits = units };
        Commit();
        return Task.FromResult(Snapshot());
    }

    /// <summary>Queues the write behind (ordered before what callers store next; a failed write deactivates the grain).</summary>
    private void Commit(IReadOnlyList<StagedStreamEvent>? events = null, bool loadOnly = false)
    {
        State.Version++;
        state.WriteBehind(events);
        var wait = _lastPush + LoadPushInterval - time.GetUtcNow();
        if (!loadOnly || wait <= TimeSpan.Zero)
        {
            SchedulePush();
        }
        else
        {
            PushLater(wait);
        }
    }

    private WarehouseProfile RequireProfile() =>
        State.Profile ?? throw new DomainException("warehouse.unknown", $"Warehouse {WarehouseId} is not configured.");

    private WarehouseSnapshot Snapshot() =>
        new(RequireProfile(), State.Status, State.StatusReason, _backlog, _allocations.Count);

    /// <summary>Pushes the latest snapshot; pushes requested while one is in flight coalesce into one more.</summary>
    private void SchedulePush()
    {
        if (_pushing)
        {
            _pushAgain = true;
            return;
        }

        _pushing = true;
        _ = PushAsync();
    }

    /// <summary>Pushes after <paramref name="delay"/> (a push already waiting covers this one).</summary>
    private void PushLater(TimeSpan delay) =>
        _pushLater ??= RegisterGrainTimer(
            _ =>
            {
                _pushLater?.Dispose();
                _pushLater = null;
                SchedulePush();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));

    private Task PushSnapshotAsync() =>
        GrainFactory.GetGrain<IWarehouseDirectoryGrain>(WarehouseDirectoryGrain.Key).Update(Snapshot(), State.Version);

    private async Task PushAsync()
    {
        try
        {
            do
            {
                _pushAgain = false;
                _lastPush = time.GetUtcNow();
                await PushSnapshotAsync();
            }
            while (_pushAgain);
        }
        catch (Exception exception)
        {
            logger.DirectoryPushFailed(WarehouseId, exception);
            PushLater(PushRetryDelay);
        }
        finally
        {
            _pushing = false;
        }
    }
}
