using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Grains.Inventory;

/// <summary>
/// Stock of one SKU in one warehouse (<c>stock/{sku}@{warehouse}</c>). Reentrant: every decision and mutation runs
/// synchronously at the start of a request, one request at a time, so the invariant Reserved ≤ OnHand − SafetyStock
/// is checked against the latest state; the writes of concurrent requests then share group commits, and each caller
/// is answered once a write carrying its change is durable.
/// </summary>
[GrainType("stock")]
[Reentrant]
public sealed class StockSlotGrain(
    [PersistentState("stock")] IPersistentState<StockSlotState> state,
    TimeProvider clock,
    ILogger<StockSlotGrain> logger) : Grain, IStockSlotGrain
{
    private const int OutcomeCapacity = 2_000;
    private const int ShipmentCapacity = 1_000;
    private const int ReferenceCapacity = 1_000;
    // The view is advisory (slots decide), so changes are coalesced generously: each publication costs writes. A move
    // of a tenth or more of the published availability goes out within a second, smaller ones within ten (with many
    // slots and few orders each, one publication per reservation was ~40% of an order's writes).
    private static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QuietPublishInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(30);

    private readonly IPersistentState<StockSlotState> _state = state;
    private string _sku = string.Empty;
    private string _warehouseId = string.Empty;
    private IAsyncStream<AvailabilityChanged> _stream = null!;
    private IPersistentDictionary<ReservationEntry> _reservations = null!;
    private RecentIndex<ReservationOutcome> _outcomes = null!;
    private RecentIndex<bool> _shipments = null!;
    private RecentIndex<bool> _references = null!;
    private AvailabilityTracker _availability = null!;
    private DateTimeOffset? _nextExpiry;
    private IGrainTimer? _publishTimer;
    private DateTimeOffset _publishDueAt;

    // Set when memory changed (lapsed reservations) without a write yet; the next write carries it.
    private bool _unsaved;

    private StockSlotState S => _state.State;

    private StockLevels Levels => new(S.OnHand, S.Reserved, S.SafetyStock);

    private string Slot => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_sku, _warehouseId) = StockSlotKey.Parse(GetPrimaryKeyString());
        _stream = GetStreamProvider(StockStreams.Provider).GetStream<AvailabilityChanged>(StockStreams.Availability, _sku);
        // One row per reservation and per remembered answer beside the slot's row: a change writes only its rows.
        _reservations = _state.GetEntries<ReservationEntry>("reservations");
        _outcomes = new(_state.GetEntries<RecentItem<ReservationOutcome>>("outcomes"), OutcomeCapacity);
        _shipments = new(_state.GetEntries<RecentItem<bool>>("shipments"), ShipmentCapacity);
        _references = new(_state.GetEntries<RecentItem<bool>>("references"), ReferenceCapacity);
        MoveLegacyLists();
        _availability = new(S.LastEventAt, Levels.Available);
        _nextExpiry = DateTimeOffset.MinValue;
        PurgeExpired(clock.GetUtcNow());
        RegisterGrainTimer(PurgeTickAsync, new GrainTimerCreationOptions(PurgeInterval, PurgeInterval));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_availability is not null)
        {
            await PublishLatestAsync(cancellationToken);
        }
    }

    public Task<StockSnapshot> GetSnapshot()
    {
        PurgeExpired(clock.GetUtcNow());
        return Task.FromResult(Snapshot());
    }

    public Task<ReservationResult> Reserve(ReserveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        StockInput.Id(request.ReservationId, "reservation id");
        StockInput.Id(request.OrderId, "order id");
        StockInput.Quantity(request.Quantity);
        var hold = StockInput.Hold(request.Hold);
        var now = clock.GetUtcNow();
        PurgeExpired(now);

        if (FindPrevious(request) is { } previous)
        {
            // The first outcome's write was queued before this answer, so it is stored first.
            return Task.FromResult(new ReservationResult(previous.Success, previous.ReservationId, previous.Quantity, previous.FailureReason, Snapshot()));
        }

        var levels = Levels;
        if (request.Quantity > levels.Available)
        {
            var reason = $"insufficient stock: {Math.Max(0, levels.Available)} available, {request.Quantity} requested";
            InventoryLog.ReservationRefused(logger, Slot, request.ReservationId, request.OrderId, reason);
            _outcomes.Add(request.ReservationId, new ReservationOutcome(request.ReservationId, request.OrderId, request.Quantity, Success: false, reason));
            var refused = new ReservationResult(false, request.ReservationId, request.Quantity, reason, Snapshot());
            Persist();
            return Task.FromResult(refused);
        }

        var next = (levels with { Reserved = levels.Reserved + request.Quantity }).EnsureValid(Slot);
        var expiresAt = now + hold;
        _reservations.Set(request.ReservationId, new ReservationEntry(request.OrderId, request.Quantity, Confirmed: false, expiresAt));
        Apply(next);
        if (_nextExpiry is null || expiresAt < _nextExpiry)
        {
            _nextExpiry = expiresAt;
        }

        var result = new ReservationResult(true, request.ReservationId, request.Quantity, null, Snapshot());
        Persist(availabilityChanged: true);
        return Task.FromResult(result);
    }

    public Task<StockSnapshot> Confirm(string reservationId)
    {
        StockInput.Id(reservationId, "reservation id");
        PurgeExpired(clock.GetUtcNow());
        if (!_reservations.TryGetValue(reservationId, out var entry))
        {
            throw UnknownReservation(reservationId);
        }

        if (!entry.Confirmed)
        {
            _reservations.Set(reservationId, entry with { Confirmed = true, ExpiresAt = null });
        }

        var snapshot = Snapshot();
        Persist();
        return Task.FromResult(snapshot);
    }

    public Task<StockSnapshot> Release(string reservationId, string reason)
    {
        StockInput.Id(reservationId, "reservation id");
        PurgeExpired(clock.GetUtcNow());
        var changed = false;
        if (_reservations.TryGetValue(reservationId, out var entry))
        {
            var next = (Levels with { Reserved = S.Reserved - entry.Quantity }).EnsureValid(Slot);
            Close(reservationId, entry);
            Apply(next);
            changed = true;
            InventoryLog.ReservationReleased(logger, Slot, reservationId, reason ?? string.Empty);
        }

        var snapshot = Snapshot();
        Persist(availabilityChanged: changed);
        return Task.FromResult(snapshot);
    }

    public Task<StockSnapshot> Ship(string reservationId)
    {
        StockInput.Id(reservationId, "reservation id");
        PurgeExpired(clock.GetUtcNow());
        var changed = false;
        if (_reservations.TryGetValue(reservationId, out var entry))
        {
            var levels = Levels;
            var next = (levels with { OnHand = levels.OnHand - entry.Quantity, Reserved = levels.Reserved - entry.Quantity }).EnsureValid(Slot);
            Close(reservationId, entry);
            Apply(next);
            _shipments.Add(reservationId, true);
            changed = true;
        }
        else if (!_shipments.Contains(reservationId))
        {
            throw UnknownReservation(reservationId);
        }

        var snapshot = Snapshot();
        Persist(availabilityChanged: changed);
        return Task.FromResult(snapshot);
    }

    public Task<StockSnapshot> Receive(int quantity, string reference)
    {
        StockInput.Quantity(quantity);
        StockInput.Id(reference, "receipt reference");
        PurgeExpired(clock.GetUtcNow());
        var key = "receive:" + reference;
        var changed = false;
        if (!_references.Contains(key))
        {
            var levels = Levels;
            var next = levels with { OnHand = levels.OnHand + quantity };
            if (next.OnHand > StockInput.MaxOnHand)
            {
                throw new DomainException("stock.on-hand-limit", $"Receiving {quantity} units would put {Slot} above {StockInput.MaxOnHand} on hand.");
            }

            Apply(next.EnsureValid(Slot));
            _references.Add(key, true);
            changed = true;
        }

        var snapshot = Snapshot();
        Persist(availabilityChanged: changed, publish: changed);
        return Task.FromResult(snapshot);
    }

    public Task<StockSnapshot> Adjust(int delta, string reason, string reference)
    {
        StockInput.Delta(delta);
        StockInput.Id(reason, "adjustment reason");
        StockInput.Id(reference, "adjustment reference");
        PurgeExpired(clock.GetUtcNow());
        var key = "adjust:" + reference;
        var changed = false;
        if (!_references.Contains(key))
        {
            var levels = Levels;
            var next = levels with { OnHand = levels.OnHand + delta };
            if (next.OnHand < next.Reserved + next.SafetyStock)
            {
                throw new DomainException(
                    "stock.adjust-below-reserved",
                    $"Adjusting {Slot} by {delta} would leave {next.OnHand} on hand, below {next.Reserved} reserved plus {next.SafetyStock} safety stock.");
            }

            if (next.OnHand > StockInput.MaxOnHand)
            {
                throw new DomainException("stock.on-hand-limit", $"Adjusting {Slot} by {delta} would put it above {StockInput.MaxOnHand} on hand.");
            }

            Apply(next.EnsureValid(Slot));
            _references.Add(key, true);
            changed = true;
            InventoryLog.StockAdjusted(logger, Slot, delta, reason, reference);
        }

        var snapshot = Snapshot();
        Persist(availabilityChanged: changed, publish: changed);
        return Task.FromResult(snapshot);
    }

    public Task<StockSnapshot> SetSafetyStock(int units)
    {
        StockInput.SafetyStock(units);
        PurgeExpired(clock.GetUtcNow());
        var changed = units != S.SafetyStock;
        if (changed)
        {
            var next = Levels with { SafetyStock = units };
            if (next.Reserved > next.OnHand - units)
            {
                throw new DomainException(
                    "stock.safety-stock-above-free",
                    $"Safety stock {units} is refused for {Slot}: on hand {next.OnHand} minus reserved {next.Reserved} leaves only {next.OnHand - next.Reserved}.");
            }

            Apply(next.EnsureValid(Slot));
        }

        var snapshot = Snapshot();
        Persist(availabilityChanged: changed, publish: changed);
        return Task.FromResult(snapshot);
    }

    public Task<StockSnapshot> SetExpectedInbound(InboundStock? inbound)
    {
        StockInput.Inbound(inbound);
        PurgeExpired(clock.GetUtcNow());
        var changed = inbound != S.ExpectedInbound;
        S.ExpectedInbound = inbound;
        var snapshot = Snapshot();
        Persist(availabilityChanged: changed, publish: changed);
        return Task.FromResult(snapshot);
    }

    private StockSnapshot Snapshot() => new(_sku, _warehouseId, S.OnHand, S.Reserved, S.SafetyStock, S.ExpectedInbound, _reservations.Count);

    private void Apply(StockLevels levels)
    {
        S.OnHand = levels.OnHand;
        S.Reserved = levels.Reserved;
        S.SafetyStock = levels.SafetyStock;
    }

    private DomainException UnknownReservation(string reservationId) =>
        new("stock.unknown-reservation", $"Reservation '{reservationId}' is not open in {Slot} (unknown, released or lapsed).");

    /// <summary>Moves what a row stored before entries kept in lists into the entries (written with the next change).</summary>
    private void MoveLegacyLists()
    {
        foreach (var (id, entry) in S.Reservations)
        {
            _reservations.Set(id, entry);
        }

        S.RecentOutcomes.ForEach(o => _outcomes.Add(o.ReservationId, o));
        S.RecentShipments.ForEach(id => _shipments.Add(id, true));
        S.ProcessedReferences.ForEach(reference => _references.Add(reference, true));
        S.Reservations.Clear();
        S.RecentOutcomes.Clear();
        S.RecentShipments.Clear();
        S.ProcessedReferences.Clear();
    }

    /// <summary>Ends an open reservation; its id keeps answering a repeated reserve with the first (successful) answer.</summary>
    private void Close(string reservationId, ReservationEntry entry)
    {
        _reservations.Remove(reservationId);
        _outcomes.Add(reservationId, Granted(reservationId, entry));
    }

    private static ReservationOutcome Granted(string reservationId, ReservationEntry entry) =>
        new(reservationId, entry.OrderId, entry.Quantity, Success: true, FailureReason: null);

    /// <summary>The first answer to this reservation id, if it is known; a reuse of the id for other terms is refused.</summary>
    private ReservationOutcome? FindPrevious(ReserveRequest request)
    {
        ReservationOutcome? previous = null;
        if (_reservations.TryGetValue(request.ReservationId, out var open))
        {
            previous = Granted(request.ReservationId, open);
        }
        else if (_outcomes.TryGet(request.ReservationId, out var known))
        {
            previous = known;
        }

        return previous is not null && (previous.Quantity != request.Quantity || !string.Equals(previous.OrderId, request.OrderId, StringComparison.Ordinal))
            ? throw new DomainException(
                "stock.reservation-conflict",
                $"Reservation id '{request.ReservationId}' was used for {previous.Quantity} units of order {previous.OrderId}; it cannot be reused for {request.Quantity} units of order {request.OrderId}.")
            : previous;
    }

    /// <summary>Releases unconfirmed reservations whose hold has passed (in memory; the next write carries it).</summary>
    private bool PurgeExpired(DateTimeOffset now)
    {
        if (_nextExpiry is not { } due || now < due)
        {
            return false;
        }

        List<string>? lapsed = null;
        var units = 0;
        DateTimeOffset? nextExpiry = null;
        foreach (var (id, entry) in _reservations)
        {
            if (entry.ExpiresAt is not { } expiresAt)
            {
                continue;
            }

            if (expiresAt <= now)
            {
                (lapsed ??= []).Add(id);
                units += entry.Quantity;
            }
            else if (nextExpiry is null || expiresAt < nextExpiry)
            {
                nextExpiry = expiresAt;
            }
        }

        _nextExpiry = nextExpiry;
        if (lapsed is null)
        {
            return false;
        }

        var next = (Levels with { Reserved = S.Reserved - units }).EnsureValid(Slot);
        foreach (var id in lapsed)
        {
            Close(id, _reservations[id]);
        }

        Apply(next);
        _unsaved = true;
        ArmPublish();
        InventoryLog.ReservationsLapsed(logger, Slot, lapsed.Count, units);
        return true;
    }

    /// <summary>
    /// Queues the write of the state (write-behind: ordered before whatever the caller stores next, durable before any
    /// answer leaves the silo). A changed availability is recorded for the coalesced publication, and published in
    /// the same write when <paramref name="publish"/> is set or availability crossed zero. A failed write deactivates
    /// the slot, so memory ahead of storage is never served.
    /// </summary>
    private void Persist(bool availabilityChanged = false, bool publish = false)
    {
        var changed = availabilityChanged || publish || _unsaved;
        _unsaved = false;
        if (!changed)
        {
            _state.WriteBehind();
            return;
        }

        var available = Levels.Available;
        var crossedZero = (available > 0) != (_availability.LastWrittenAvailable > 0);
        var change = new AvailabilityChanged(
            _sku, _warehouseId, available, S.OnHand, S.Reserved, S.ExpectedInbound, _availability.NextEventTime(clock.GetUtcNow()));
        S.LastEventAt = change.At;
        var sequence = _availability.Record(change);
        var staged = publish || crossedZero ? _stream.Stage(change) : null;
        _state.WriteBehind(staged is null ? null : [staged]);
        _availability.MarkDurable(sequence, change, published: staged is not null);
        if (staged is null)
        {
            ArmPublish();
        }
    }

    /// <summary>
    /// Publishes coalesced availability within <see cref="PublishInterval"/> when the change is significant, else
    /// within <see cref="QuietPublishInterval"/>; idle slots run no timer.
    /// </summary>
    private void ArmPublish()
    {
        var delay = _availability.IsSignificant(Levels.Available) ? PublishInterval : QuietPublishInterval;
        var due = clock.GetUtcNow() + delay;
        if (_publishTimer is not null && _publishDueAt <= due)
        {
            return;
        }

        _publishTimer?.Dispose();
        _publishDueAt = due;
        _publishTimer = RegisterGrainTimer(PublishTickAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    private async Task PublishTickAsync(CancellationToken cancellationToken)
    {
        // This one-shot timer ends with this tick; later changes arm a new one.
        _publishTimer = null;
        if (_unsaved)
        {
            Persist();
        }

        await PublishLatestAsync(cancellationToken);
    }

    private Task PurgeTickAsync(CancellationToken cancellationToken)
    {
        if (PurgeExpired(clock.GetUtcNow()))
        {
            Persist();
        }

        return Task.CompletedTask;
    }

    /// <summary>Publishes the latest durable availability if it was not published yet (coalesced publication).</summary>
    private async Task PublishLatestAsync(CancellationToken cancellationToken)
    {
        if (!_availability.TryGetUnpublished(out var sequence, out var change))
        {
            return;
        }

        try
        {
            await _stream.OnNextAsync(change, cancellationToken);
            _availability.MarkPublished(sequence, change.Available);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            InventoryLog.PublishFailed(logger, Slot, exception);
        }
    }
}
