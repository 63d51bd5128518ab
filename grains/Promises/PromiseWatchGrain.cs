using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Watches one warehouse for the orders with open promises there (<c>promise-watch/{warehouse}</c>). Every
/// <see cref="PromiseOptions.WatchInterval"/> (a durable reminder where the silo has reminders, else a timer while
/// active) it reads the warehouse; when the backlog jumped against capacity or the status got worse, each tracked
/// order re-evaluates P(meet its committed date) and acts if it fell below the threshold. Reentrant: tracking calls
/// from many orders share one write, and are served while a check waits on the orders.
/// </summary>
[GrainType("promise-watch")]
[Reentrant]
public sealed class PromiseWatchGrain(
    [PersistentState("watch")] IPersistentState<PromiseWatchState> state,
    PromiseCalculator calculator,
    ILogger<PromiseWatchGrain> logger) : Grain, IPromiseWatchGrain, IRemindable
{
    private const string ReminderName = "promise-watch";

    private readonly CoalescingWriter<PromiseWatchState> _writer = new(state);
    private IGrainTimer? _timer;
    private bool _scheduled;
    private Task<WatchCheck>? _checking;

    private PromiseWatchState State => state.State;

    private string WarehouseId => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Orders.Count > 0)
        {
            await ScheduleAsync();
        }
    }

    public async Task Track(string orderId)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw new DomainException("promise.invalid-order", "Tracking needs an order id.");
        }

        if (!State.Orders.Add(orderId))
        {
            return;
        }

        if (State.QueueHours is null)
        {
            // The first order sets the baseline a jump is measured from.
            await BaselineAsync();
        }

        await _writer.WriteAsync();
        await ScheduleAsync();
    }

    public async Task Untrack(string orderId)
    {
        if (orderId is null || !State.Orders.Remove(orderId))
        {
            return;
        }

        await _writer.WriteAsync();
    }

    public Task<IReadOnlyList<string>> GetTracked() => Task.FromResult<IReadOnlyList<string>>([.. State.Orders.Order(StringComparer.Ordinal)]);

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
        var orders = reason is null ? [] : State.Orders.Order(StringComparer.Ordinal).ToList();
        if (orders.Count > 0)
        {
            State.Notifications++;
        }

        if (changed || orders.Count > 0)
        {
            await _writer.WriteAsync();
        }

        if (reason is null || orders.Count == 0)
        {
            return new WatchCheck(WarehouseId, reason is not null, reason, 0);
        }

        logger.WatchTriggered(WarehouseId, reason, orders.Count);
        var context = new CommandContext($"promise-watch:{WarehouseId}:{State.Notifications}", "system:promise-watch");
        await Task.WhenAll(orders.Select(id => ReevaluateAsync(id, reason, context)));
        return new WatchCheck(WarehouseId, true, reason, orders.Count);
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
