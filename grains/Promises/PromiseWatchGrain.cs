using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Watches one warehouse for the orders with open promises there (<c>promise-watch/{warehouse}</c>). Every
/// <see cref="PromiseOptions.WatchInterval"/> (a durable reminder where the silo has reminders, else a timer while
/// active) it reads the warehouse; when the backlog jumped against capacity or the status got worse, each tracked
/// order re-evaluates P(meet its committed date) and acts if it fell below the threshold. An order whose shipment is
/// still here after its promised hand-over time (the hand-over at the promise's confidence) re-evaluates too, once:
/// a late pick is caught while moving or upgrading can still help, not only when the carrier finally takes it. Reentrant: tracking calls
/// from many orders share one write, and are served while a check waits on the orders.
/// </summary>
[GrainType("promise-watch")]
[Reentrant]
public sealed class PromiseWatchGrain(
    [PersistentState("watch")] IPersistentState<PromiseWatchState> state,
    PromiseCalculator calculator,
    TimeProvider time,
    ILogger<PromiseWatchGrain> logger) : Grain, IPromiseWatchGrain, IRemindable
{
    private const string ReminderName = "promise-watch";

    private IGrainTimer? _timer;
    private bool _scheduled;
    private Task<WatchCheck>? _checking;
    private IPersistentDictionary<WatchedOrder> _orders = null!;

    private PromiseWatchState State => state.State;

    private string WarehouseId => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // One row per watched order beside the watch's row, so tracking an order writes that row only.
        _orders = state.GetEntries<WatchedOrder>("orders");
        foreach (var orderId in State.Orders)
        {
            _orders.Set(orderId, new WatchedOrder(State.HandoverDue.TryGetValue(orderId, out var due) ? due : null));
        }

        State.Orders.Clear();
        State.HandoverDue.Clear();
        if (_orders.Count > 0)
        {
            await ScheduleAsync();
        }
    }

    public async Task Track(string orderId, DateTimeOffset? handoverBy)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw new DomainException("promise.invalid-order", "Tracking needs an order id.");
        }

        var added = !_orders.TryGetValue(orderId, out var watched);
        var earlier = handoverBy is { } due && (watched?.HandoverDue is not { } known || due < known);
        if (!added && !earlier)
        {
            return;
        }

        _orders.Set(orderId, new WatchedOrder(earlier ? handoverBy : watched?.HandoverDue));

        if (State.QueueHours is null)
        {
            // The first order sets the baseline a jump is measured from.
            await BaselineAsync();
        }

        state.WriteBehind();
        await ScheduleAsync();
    }

    public Task Untrack(string orderId)
    {
        if (orderId is null || !_orders.Remove(orderId))
        {
            return Task.CompletedTask;
        }

        state.WriteBehind();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetTracked() => Task.FromResult<IReadOnlyList<string>>([.. _orders.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>One check at a time: a check requested while one runs shares its result.</summary>
    public Task<WatchCheck> Check() => _checking is { IsCompleted: false } running ? running : _checking = CheckAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Check();

    private async Task<WatchCheck> CheckAsync()
    {
        WarehouseSnapshot snapshot;
        try
        {
            snapshot = await GrainFactory.GetGrain<IWarehouseGrain>(WarehouseId).GetSnapshot();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.WatchReadFailed(WarehouseId, exception);
            return new WatchCheck(WarehouseId, false, null, 0);
        }

        var queue = WarehouseLoadChange.QueueHours(snapshot, ShiftHours);
        var reason = WarehouseLoadChange.Describe(State.Status, State.QueueHours, snapshot.Status, queue, calculator.Options.BacklogJumpHours);
        var changed = State.QueueHours != queue || State.Status != snapshot.Status;
        State.QueueHours = queue;
        State.Status = snapshot.Status;

        // Each overdue order is told once; if it stays here, a warehouse change still reaches it.
        var now = time.GetUtcNow();
        var overdue = _orders.Where(p => p.Value.HandoverDue <= now).Select(p => (p.Key, Value: p.Value.HandoverDue!.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var (orderId, _) in overdue)
        {
            _orders.Set(orderId, new WatchedOrder(null));
        }

        var orders = reason is null
            ? overdue.Select(p => (Id: p.Key, Reason: $"not with the carrier by {p.Value:ddd dd MMM HH:mm} UTC as promised")).ToList()
            : _orders.Keys.Order(StringComparer.Ordinal).Select(id => (Id: id, Reason: reason)).ToList();
        if (orders.Count > 0)
        {
            State.Notifications++;
        }

        if (changed || orders.Count > 0)
        {
            state.WriteBehind();
        }

        if (orders.Count == 0)
        {
            return new WatchCheck(WarehouseId, reason is not null, reason, 0);
        }

        logger.WatchTriggered(WarehouseId, reason ?? "shipments not handed over in time", orders.Count);
        var context = new CommandContext($"promise-watch:{WarehouseId}:{State.Notifications}", "system:promise-watch");
        await Task.WhenAll(orders.Select(o => ReevaluateAsync(o.Id, o.Reason, context)));
        return new WatchCheck(WarehouseId, reason is not null, reason ?? orders[0].Reason, orders.Count, overdue.Count);
    }

    private async Task BaselineAsync()
    {
        try
        {
            var snapshot = await GrainFactory.GetGrain<IWarehouseGrain>(WarehouseId).GetSnapshot();
            State.QueueHours ??= WarehouseLoadChange.QueueHours(snapshot, ShiftHours);
            State.Status = snapshot.Status;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.WatchReadFailed(WarehouseId, exception);
        }
    }

    private double ShiftHours => (calculator.Options.ShiftEnd - calculator.Options.ShiftStart).TotalHours;

    private async Task ReevaluateAsync(string orderId, string reason, CommandContext context)
    {
        try
        {
            await GrainFactory.GetGrain<IOrderGrain>(orderId).ReevaluatePromise(WarehouseId, $"{WarehouseId}: {reason}", context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.ReevaluationFailed(orderId, WarehouseId, exception);
        }
    }

    private async Task ScheduleAsync()
    {
        if (_scheduled)
        {
            return;
        }

        _scheduled = true;
        var period = calculator.Options.WatchInterval;
        try
        {
            // Durable: the watch wakes up again after a restart even if no order calls it.
            await RegisterOrUpdateReminder(ReminderName, period, period < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : period);
        }
        catch (InvalidOperationException)
        {
            // This silo has no reminders: look while active.
            _timer = RegisterGrainTimer(_ => Check(), new GrainTimerCreationOptions(period, period));
        }
    }
}
