using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Grains.Rules;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime.Hosting;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// An order: lifecycle, allocation saga, edits, shipments, returns and timeline. Every command validates before it
/// changes anything, emits its state changes (applied by <see cref="OrderFold"/>) and timeline events, and appends
/// them as one journal record with the small journal row in one write; activation folds the journal onto the latest
/// snapshot. A replayed idempotency key returns the order without doing anything again.
/// </summary>
[GrainType("order")]
[ImplicitStreamSubscription(WarehouseStreams.Outages)]
public sealed class OrderGrain(
    [PersistentState("order")] IPersistentState<OrderJournal> journal,
    TimeProvider time,
    IOptions<SiloOptions> silo,
    RuleSetCache ruleSets,
    RulesMetrics ruleMetrics,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    private const int MaxLines = 100;
    private const int MaxQuantity = 10_000;
    /// <summary>Records after which the next write stores a snapshot (folding on activation reads fewer).</summary>
    private const int SnapshotEvery = 16;

    private readonly List<TimelineEvent> _recorded = [];
    private readonly List<OrderChange> _pending = [];
    private IAsyncStream<OrderJournalRecord>? _records;
    private IPersistentDictionary<OrderState>? _snapshots;
    private IAsyncStream<OrderChanged>? _changeFeed;
    private DateTimeOffset _watchedUntil;

    private OrderState State { get; set; } = new();

    private string OrderId => GetPrimaryKeyString();

    private AllocationSaga Saga => new(GrainFactory, OrderId);

    private OrderPromises Promises => new(GrainFactory, OrderId, logger);

    private OrderRules Rules => new(GrainFactory, ruleSets, ruleMetrics, OrderId, logger);

    /// <summary>Tracking at the promise watches, written side by side with the order's own write (never faults).</summary>
    private Task _promiseTracking = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var events = GetStreamProvider(StockStreams.Provider);
        _records = events.GetStream<OrderJournalRecord>(OrderStreams.Timeline, OrderId);
        _snapshots = journal.GetEntries<OrderState>(OrderJournalLoader.Snapshot);
        _changeFeed = events.GetStream<OrderChanged>(OrderStreams.Changes, OrderStreams.ChangeShard(OrderId));
        State = await new OrderJournalLoader(journal, _snapshots, _records, silo.Value.SerializerOptions).LoadAsync(cancellationToken);
        await events.GetStream<WarehouseOutage>(WarehouseStreams.Outages, OrderId)
            .SubscribeAsync((outage, _) => OnOutage(outage), cancellationToken: cancellationToken);

        // A crash between storing an allocation and confirming its reservations must not let them lapse.
        if (State.Exists && State.Shipments.Any(s => s.IsOpen))
        {
            await Saga.ConfirmAsync(State.Shipments);
        }
    }

    public Task<OrderView> Get()
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public Task<IReadOnlyList<TimelineEvent>> GetTimeline()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<TimelineEvent>>([.. State.Timeline]);
    }

    public Task<IReadOnlyList<TimelineEvent>> GetTimelineAfter(long afterSequence, TimeSpan watchFor)
    {
        EnsureExists();
        if (watchFor > TimeSpan.Zero)
        {
            var until = time.GetUtcNow() + watchFor;
            _watchedUntil = until > _watchedUntil ? until : _watchedUntil;
        }

        // Sequences are 1, 2, 3... in timeline order.
        var skip = (int)Math.Clamp(afterSequence, 0, State.Timeline.Count);
        return Task.FromResult<IReadOnlyList<TimelineEvent>>(skip == State.Timeline.Count ? [] : [.. State.Timeline.Skip(skip)]);
    }

    public Task<OrderView> Place(PlaceOrder order, CommandContext context) => Execute(context, order, async () =>
    {
        if (State.Exists)
        {
            throw new DomainException("order.exists", $"Order {OrderId} was already placed (with another idempotency key).");
        }

        OrderValidation.Validate(order, MaxLines, MaxQuantity);
        var now = time.GetUtcNow();
        Emit(new OrderPlaced(order.CustomerId, order.Channel, order.ShipTo, order.IsGift, order.Speed, order.Note, now,
            [.. order.Lines.Select((l, i) => new OrderLine($"L{i + 1}", l.Sku.Trim(), l.Quantity, l.UnitPrice, l.ShipTogetherGroup, l.IsGift || order.IsGift, l.WeightKg, Cancelled: false))]));
        Record("OrderPlaced", context, null, ("channel", order.Channel), ("lines", State.Lines.Count.ToString(Inv)), ("gift", order.IsGift ? "yes" : "no"));
        TransitionTo(OrderStatus.Validated, "Place");
        Record("OrderValidated", context, null);

        // One call: the customer as it was before this order and the duplicate check (idempotent per order id).
        var (profile, duplicate) = await GrainFactory.GetGrain<ICustomerGrain>(order.CustomerId)
            .BeginOrder(new OrderFingerprint(OrderId, ItemsKey(State.Lines), order.ShipTo.Fingerprint, State.IsGift, now));
        await ApplyRulesAsync(profile, now, context);
        if (duplicate is { IsDuplicate: true, Policy: DuplicatePolicy.Merge } && State.Rules is { BlockMerge: true } rules)
        {
            Record("MergeBlocked", context, $"near-duplicate of {duplicate.DuplicateOf}, but rule set v{rules.VersionId} blocks merging",
                ("duplicateOf", duplicate.DuplicateOf ?? string.Empty), ("version", rules.VersionId.ToString(Inv)));
        }
        else if (duplicate is { IsDuplicate: true, Policy: DuplicatePolicy.Merge })
        {
            // The same items to the same address moments later: one order already covers it.
            TransitionTo(OrderStatus.Cancelled, "Place");
            AddFlag($"merged-into:{duplicate.DuplicateOf}");
            Record("OrderMerged", context, $"near-duplicate of {duplicate.DuplicateOf}; merged into it", ("mergedInto", duplicate.DuplicateOf ?? string.Empty));
            return;
        }

        if (duplicate is { IsDuplicate: true, Policy: not DuplicatePolicy.Merge })
        {
            Emit(new HoldChanged($"possible duplicate of {duplicate.DuplicateOf} ({duplicate.Policy})"));
            TransitionTo(OrderStatus.OnHold, "Place");
            Record("OrderHeld", context, State.HoldReason, ("duplicateOf", duplicate.DuplicateOf ?? string.Empty), ("policy", duplicate.Policy.ToString()));
            return;
        }

        if (State.Rules is { Hold: true } hold)
        {
            Emit(new HoldChanged($"held by rules: {string.Join("; ", hold.HoldReasons)}"));
            TransitionTo(OrderStatus.OnHold, "Place");
            Record("OrderHeld", context, State.HoldReason, ("source", "rules"), ("version", hold.VersionId.ToString(Inv)));
            return;
        }

        await AllocateOpenLinesAsync(context, profile, []);
    });

    public Task<OrderView> ReleaseHold(CommandContext context) => Execute(context, "release-hold", async () =>
    {
        EnsureExists();
        if (State.Status != OrderStatus.OnHold)
        {
            throw new DomainException("order.invalid-transition", $"ReleaseHold is not possible: the order is {State.Status}, not OnHold.");
        }

        Emit(new HoldChanged(null));
        Record("HoldReleased", context, null);
        await AllocateOpenLinesAsync(context, await Customer().GetProfile(), []);
    });

    public Task<OrderView> RetryAllocation(CommandContext context) => Execute(context, "retry", async () =>
    {
        EnsureExists();
        if (State.Status != OrderStatus.Backordered)
        {
            throw new DomainException("order.invalid-transition", $"RetryAllocation is not possible: the order is {State.Status}, not Backordered.");
        }

        await AllocateOpenLinesAsync(context, await Customer().GetProfile(), []);
    });

    public Task<OrderView> ChangeAddress(Address address, CommandContext context) => Execute(context, address, async () =>
    {
        EnsureExists();
        EnsureLinesEditable("ChangeAddress", State.ActiveLines.Select(l => l.LineId));
        OrderValidation.ValidateAddress(address);
        Emit(new AddressChanged(address));
        Record("AddressChanged", context, "customer changed the delivery address", ("city", address.City));
        if (State.Status is OrderStatus.OnHold)
        {
            return;
        }

        // The best warehouses depend on the destination: release and source everything again.
        await ReleaseShipmentsAsync(State.ActiveShipments.Where(s => s.IsOpen).ToList(), "address changed");
        await AllocateOpenLinesAsync(context, await Customer().GetProfile(), []);
    });

    public Task<OrderView> ChangeLines(IReadOnlyList<LineChange> changes, CommandContext context) => Execute(context, changes, async () =>
    {
        EnsureExists();
        EnsureLinesEditable("ChangeLines", changes.Where(c => c.LineId is not null).Select(c => c.LineId!));
        var lines = OrderValidation.ApplyLineChanges(State.Lines, changes, MaxLines, MaxQuantity);
        if (!lines.Any(l => !l.Cancelled))
        {
            throw new DomainException("order.invalid", "The change would leave the order without lines; cancel it instead.");
        }

        var changed = changes.Where(c => c.LineId is not null).Select(c => c.LineId!).ToHashSet(StringComparer.Ordinal);
        Emit(new LinesChanged(lines));
        Record("LinesChanged", context, null, ("changes", changes.Count.ToString(Inv)));
        if (State.Status is OrderStatus.OnHold)
        {
            return;
        }

        // Only the shipments holding changed lines are released; their other lines are sourced again with them.
        await ReleaseShipmentsAsync(State.ActiveShipments.Where(s => s.IsOpen && s.Lines.Any(l => changed.Contains(l.LineId))).ToList(), "lines changed");
        await AllocateOpenLinesAsync(context, await Customer().GetProfile(), []);
    });

    public Task<OrderView> Cancel(IReadOnlyList<string>? lineIds, string reason, CommandContext context) => Execute(context, new { lineIds, reason }, async () =>
    {
        EnsureExists();
        var targets = lineIds is null ? State.ActiveLines.Select(l => l.LineId).ToHashSet(StringComparer.Ordinal) : lineIds.ToHashSet(StringComparer.Ordinal);
        var unknown = targets.Where(id => !State.ActiveLines.Any(l => l.LineId == id)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException("order.unknown-line", $"No active line {string.Join(", ", unknown)} in order {OrderId}.");
        }

        EnsureLinesEditable("Cancel", targets);

        var affected = State.ActiveShipments.Where(s => s.IsOpen && s.Lines.Any(l => targets.Contains(l.LineId))).ToList();
        await ReleaseShipmentsAsync(affected, $"cancelled: {reason}");
        Emit(new LinesChanged([.. State.Lines.Select(l => targets.Contains(l.LineId) ? l with { Cancelled = true } : l)]));
        Record(State.ActiveLines.Any() ? "LinesCancelled" : "OrderCancelled", context, reason, ("lines", string.Join(",", targets)));
        if (!State.ActiveLines.Any())
        {
            TransitionTo(OrderStatus.Cancelled, "Cancel");
            await Customer().RecordCancellation(OrderId);
            return;
        }

        // Lines of the affected shipments that were not cancelled need stock again.
        await AllocateOpenLinesAsync(context, await Customer().GetProfile(), []);
    });

    public Task<OrderView> Reroute(string warehouseId, string reason, CommandContext context) => Execute(context, new { warehouseId, reason }, async () =>
    {
        if (!State.Exists || !(OrderTransitions.IsBeforePick(State.Status) || State.Status == OrderStatus.Picked))
        {
            return;
        }

        var affected = State.ActiveShipments.Where(s => s.IsOpen && s.WarehouseId == warehouseId).ToList();
        if (affected.Count == 0)
        {
            return;
        }

        await ReleaseShipmentsAsync(affected, $"rerouted: {reason}");
        OrderLog.Rerouted(logger, OrderId, warehouseId, reason);
        Record("Rerouted", context, reason, ("from", warehouseId), ("shipments", string.Join(",", affected.Select(s => s.ShipmentId))));
        await AllocateOpenLinesAsync(context, await Customer().GetProfile(), [warehouseId]);
    });

    public Task<OrderView> RecordShipmentEvent(ShipmentEvent shipmentEvent, CommandContext context) => Execute(context, shipmentEvent, async () =>
    {
        EnsureExists();
        var shipment = State.Shipments.FirstOrDefault(s => s.ShipmentId == shipmentEvent.ShipmentId)
            ?? throw new DomainException("order.unknown-shipment", $"Order {OrderId} has no shipment {shipmentEvent.ShipmentId}.");
        switch (shipmentEvent.Kind)
        {
            case ShipmentEventKind.Picked:
                EnsureShipment(shipment, ShipmentStatus.ReleasedToWarehouse, "Picked");
                Emit(new ShipmentPicked(shipment.ShipmentId, shipmentEvent.At));
                Record("ShipmentPicked", context, null, ("shipment", shipment.ShipmentId), ("warehouse", shipment.WarehouseId));
                break;
            case ShipmentEventKind.Shipped:
                EnsureShipment(shipment, ShipmentStatus.Picked, "Shipped");
                await Task.WhenAll(shipment.Lines.Select(l => GrainFactory.GetGrain<IStockSlotGrain>(StockSlotKey.For(l.Sku, shipment.WarehouseId)).Ship(shipment.Reservations[l.LineId])));
                Emit(new ShipmentShipped(shipment.ShipmentId, shipmentEvent.At, shipmentEvent.Carrier ?? shipment.Carrier, shipmentEvent.TrackingNumber));
                await Saga.RestoreAllocationAsync(shipment.WarehouseId, State.Shipments);
                await Promises.UntrackAsync([shipment.WarehouseId], State.Shipments);
                Record("ShipmentShipped", context, null, ("shipment", shipment.ShipmentId), ("carrier", shipment.Carrier), ("tracking", shipment.TrackingNumber ?? string.Empty));
                if (await Promises.AssessShippedAsync(shipment, State.ShipTo!) is { AtRisk: true } lateHandover)
                {
                    await ActOnRiskAsync(shipment, lateHandover, string.Create(Inv, $"handed to the carrier late ({shipmentEvent.At:u})"), context, customer: null);
                }

                break;
            case ShipmentEventKind.Delivered:
                EnsureShipment(shipment, ShipmentStatus.Shipped, "Delivered");
                Emit(new ShipmentDelivered(shipment.ShipmentId, shipmentEvent.At));
                var late = shipmentEvent.At > shipment.PromisedBy;
                Record("ShipmentDelivered", context, late ? "delivered after the promised time" : null,
                    ("shipment", shipment.ShipmentId), ("promisedBy", shipment.PromisedBy.ToString("O", Inv)), ("deliveredAt", shipmentEvent.At.ToString("O", Inv)));
                await Promises.RecordDeliveryAsync(shipment, State.ShipTo!);
                if (State.ActiveShipments.All(s => s.Status == ShipmentStatus.Delivered))
                {
                    await Customer().RecordDelivery(OrderId, State.ActiveShipments.Any(s => s.DeliveredAt > s.PromisedBy));
                }

                break;
            default:
                throw new DomainException("order.invalid", $"Unknown shipment event {shipmentEvent.Kind}.");
        }

        AdvanceStatusFromShipments();
    });

    public Task<OrderView> ReevaluatePromise(string warehouseId, string reason, CommandContext context) => Execute(context, new { warehouseId, reason }, async () =>
    {
        var shipments = State.ActiveShipments
            .Where(s => s.WarehouseId == warehouseId && s.Status is ShipmentStatus.Allocated or ShipmentStatus.ReleasedToWarehouse or ShipmentStatus.Picked)
            .ToList();
        if (!State.Exists || shipments.Count == 0)
        {
            return;
        }

        var customer = await Customer().GetProfile();
        foreach (var shipment in shipments)
        {
            if (await Promises.AssessAsync(shipment, State.ShipTo!, State.Lines, customer) is not { } assessment)
            {
                continue;
            }

            if (shipment.Promise is { } kept)
            {
                Emit(new ShipmentPromiseRevised(shipment.ShipmentId, shipment.PromisedBy, kept with { CurrentProbability = assessment.ProbabilityOnTime, ReevaluatedAt = time.GetUtcNow() }));
            }

            if (assessment.AtRisk)
            {
                await ActOnRiskAsync(shipment, assessment, reason, context, customer);
            }
        }
    });

    public Task<OrderView> RequestReturn(ReturnRequest request, CommandContext context) => Execute(context, request, async () =>
    {
        EnsureExists();
        if (State.Status != OrderStatus.Delivered)
        {
            throw new DomainException("order.invalid-transition", $"RequestReturn is not possible: the order is {State.Status}; returns start after delivery.");
        }

        OrderValidation.ValidateReturn(request, State.Lines);
        var value = request.Lines.Sum(r => State.Lines.First(l => l.LineId == r.LineId).UnitPrice * r.Quantity);
        var decision = await Customer().DecideReturn(OrderId, request.Reason, value);
        Emit(new ReturnOpened([.. request.Lines], request.Reason, decision.Category.ToString(), decision.Kind.ToString(), request.WantsExchange, value));
        Record("ReturnRequested", context, request.Reason, ("category", decision.Category.ToString()), ("decision", decision.Kind.ToString()), ("explanation", decision.Explanation));
        var next = decision.Kind switch
        {
            ReturnDecisionKind.AutoApproved => OrderStatus.ReturnApproved,
            ReturnDecisionKind.Rejected => OrderStatus.ReturnRejected,
            _ => OrderStatus.ReturnRequested,
        };
        TransitionTo(next, "RequestReturn");
        if (next != OrderStatus.ReturnRequested)
        {
            Record(next == OrderStatus.ReturnApproved ? "ReturnApproved" : "ReturnRejected", context, decision.Explanation, ("pickup", decision.PickupOffered ? "yes" : "no"));
        }
    });

    public Task<OrderView> DecideReturn(bool approve, string note, CommandContext context) => Execute(context, new { approve, note }, () =>
    {
        EnsureExists();
        var next = approve ? OrderStatus.ReturnApproved : OrderStatus.ReturnRejected;
        if (State.Status != OrderStatus.ReturnRequested)
        {
            throw new DomainException("order.invalid-transition", $"DecideReturn is not possible: the order is {State.Status}, not ReturnRequested.");
        }

        TransitionTo(next, "DecideReturn");
        Emit(new ReturnDecided(approve ? "Approved" : "Rejected"));
        Record(approve ? "ReturnApproved" : "ReturnRejected", context, note);
        return Task.CompletedTask;
    });

    public Task<OrderView> ReceiveReturn(IReadOnlyList<ReceivedLine> lines, CommandContext context) => Execute(context, lines, async () =>
    {
        EnsureExists();
        OrderTransitions.Ensure(State.Status, OrderStatus.ReturnReceived, "ReceiveReturn");
        OrderValidation.ValidateReceived(lines, State.Return!.Lines);
        foreach (var line in lines.Where(l => l.Sellable && l.Quantity > 0))
        {
            var shipment = State.Shipments.First(s => s.Lines.Any(a => a.LineId == line.LineId) && s.Status == ShipmentStatus.Delivered);
            var sku = State.Lines.First(l => l.LineId == line.LineId).Sku;
            await GrainFactory.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, shipment.WarehouseId)).Receive(line.Quantity, $"return:{OrderId}:{line.LineId}");
        }

        TransitionTo(OrderStatus.ReturnReceived, "ReceiveReturn");
        Record("ReturnReceived", context, null, ("sellableUnits", lines.Where(l => l.Sellable).Sum(l => l.Quantity).ToString(Inv)));
        if (State.Return.WantsExchange)
        {
            var exchangeId = $"{OrderId}-X";
            var exchangeLines = State.Return.Lines.Select(r => State.Lines.First(l => l.LineId == r.LineId)).Select(l => new OrderLineInput(l.Sku, State.Return.Lines.First(r => r.LineId == l.LineId).Quantity, 0m, null, false, l.WeightKg)).ToList();
            await GrainFactory.GetGrain<IOrderGrain>(exchangeId).Place(
                new PlaceOrder(State.CustomerId, State.Channel, exchangeLines, State.ShipTo!, Note: $"exchange for {OrderId}"),
                new CommandContext($"exchange:{OrderId}", context.Actor));
            Emit(new ExchangeLinked(exchangeId));
            TransitionTo(OrderStatus.Exchanged, "ReceiveReturn");
            Record("Exchanged", context, null, ("exchangeOrder", exchangeId));
        }
        else
        {
            TransitionTo(OrderStatus.Refunded, "ReceiveReturn");
            Record("Refunded", context, null, ("amount", State.Return.RefundAmount.ToString("0.00", Inv)));
        }
    });

    // Notices to single orders, stored by earlier versions (now the outage's fan-out grain calls Reroute).
    private Task OnOutage(WarehouseOutage outage) => Reroute(outage.WarehouseId, OutageFanOutGrain.Reason(outage), OutageFanOutGrain.Command(outage));

    // ---- Business rules -----------------------------------------------------------------------------------------

    /// <summary>
    /// Evaluates the rule set version that decides this order (canary or active) and the shadow version, stores the
    /// decision (later allocations of the order use it too), shows it in the flags and records on the timeline which
    /// version decided and what the shadow would have done. Without any rule set, nothing is recorded.
    /// </summary>
    private async Task ApplyRulesAsync(CustomerProfile customer, DateTimeOffset now, CommandContext context)
    {
        if (await Rules.EvaluateAsync(State, customer, now) is not { } outcome)
        {
            return;
        }

        var decision = outcome.Decision;
        Emit(new RulesDecided(decision));
        if (decision.Priority != RuleDecision.DefaultPriority)
        {
            AddFlag($"priority:{decision.Priority.ToString(Inv)}");
        }

        foreach (var tag in decision.Tags)
        {
            AddFlag($"tag:{tag}");
        }

        foreach (var insert in decision.Inserts)
        {
            AddFlag($"insert:{insert}");
        }

        if (decision.BlockMerge)
        {
            AddFlag("no-merge");
        }

        var details = new List<(string, string)>
        {
            ("version", decision.VersionId.ToString(Inv)),
            ("via", outcome.Via),
            ("matched", decision.MatchedRules.Count == 0 ? "none" : string.Join(",", decision.MatchedRules)),
            ("priority", decision.Priority.ToString(Inv)),
        };
        if (decision.Service is { } service)
        {
            details.Add(("service", service.ToString()));
        }

        if (outcome.Shadow is { } shadow)
        {
            details.Add(("shadowVersion", shadow.VersionId.ToString(Inv)));
            details.Add(("shadowMatched", shadow.MatchedRules.Count == 0 ? "none" : string.Join(",", shadow.MatchedRules)));
            details.Add(("shadowDiffers", outcome.ShadowDifferences.Count > 0 ? "yes" : "no"));
            details.Add(("shadowChanges", string.Join("; ", outcome.ShadowDifferences)));
        }

        Record("RulesApplied", context, decision.MatchedRules.Count == 0 ? $"rule set v{decision.VersionId}: no rule matched" : $"rule set v{decision.VersionId}: {string.Join(", ", decision.MatchedRules)}", [.. details]);
    }

    // ---- Allocation ---------------------------------------------------------------------------------------------

    /// <summary>Sources the active lines that no open shipment holds; backorders with the reason if it cannot.</summary>
    private async Task AllocateOpenLinesAsync(CommandContext context, CustomerProfile customer, IReadOnlyCollection<string> excluded)
    {
        var held = State.ActiveShipments.Where(s => s.Status != ShipmentStatus.Cancelled).SelectMany(s => s.Lines).Select(l => l.LineId).ToHashSet(StringComparer.Ordinal);
        var open = State.ActiveLines.Where(l => !held.Contains(l.LineId)).ToList();
        if (open.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        Emit(new AllocationRoundStarted(State.AllocationRound + 1));
        var outcome = await Saga.AllocateAsync(open, State.ShipTo!, customer, State.Speed, excluded, [.. State.ActiveShipments], State.AllocationRound, now, State.Rules);
        foreach (var failure in outcome.FailedAttempts)
        {
            Record("AllocationAttemptFailed", context, failure);
        }

        var partlyPicked = State.Status == OrderStatus.Picked;
        if (!outcome.Success)
        {
            if (partlyPicked)
            {
                // Part of the order is on its way: it keeps its status, the unsourced lines are flagged.
                AddFlag("partially-backordered");
            }
            else if (State.Status != OrderStatus.Backordered)
            {
                TransitionTo(OrderStatus.Backordered, "Allocate");
            }

            var shortLine = outcome.ShortLines.Count > 0 ? outcome.ShortLines[0] : null;
            Record("Backordered", context, outcome.FailureReason,
                ("shortSku", shortLine?.Sku ?? string.Empty),
                ("expectedRestock", shortLine?.ExpectedRestock?.ExpectedOn.ToString("O", Inv) ?? "unknown"));
            return;
        }

        if (State.Flags.Contains("partially-backordered"))
        {
            Emit(new FlagRemoved("partially-backordered"));
        }

        var decision = outcome.Decision!;
        if (!partlyPicked && State.Status != OrderStatus.Allocated)
        {
            TransitionTo(OrderStatus.Allocated, "Allocate");
        }

        Record("Allocated", context, string.Join("; ", decision.Reasons),
            ("shipments", string.Join(",", outcome.Shipments.Select(s => $"{s.ShipmentId}@{s.WarehouseId}"))),
            ("runnerUp", decision.RunnerUp ?? "none"),
            ("split", outcome.Shipments.Count > 1 ? "yes" : "no"));
        if (customer.Tier == CustomerTier.Vip && !decision.MeetsSla && AddFlag("vip-sla-at-risk"))
        {
            Record("SlaAtRisk", context, $"no warehouse can deliver within the VIP SLA; best estimate {outcome.Shipments.Max(s => s.EstimatedHours):0} h");
        }

        if (!partlyPicked)
        {
            TransitionTo(OrderStatus.Promised, "Promise");
        }

        var promises = await Promises.PromiseAsync(outcome.Shipments, State.ShipTo!, now, State.Rules?.ConfidenceTarget);
        Record("Promised", context, string.Join("; ", promises), ("promisedBy", outcome.Shipments.Max(s => s.PromisedBy).ToString("O", Inv)),
            ("promise", outcome.Shipments.MaxBy(s => s.PromisedBy)!.Promise?.Text ?? "table estimate"),
            ("basis", string.Join(", ", outcome.Shipments.Select(s => s.Promise is { } p ? $"{p.TransitLevel} ({p.TransitObservations:0} obs)" : "table").Distinct())));
        _promiseTracking = Task.WhenAll(_promiseTracking, Promises.TrackAsync(outcome.Shipments));
        foreach (var shipment in outcome.Shipments)
        {
            shipment.Status = ShipmentStatus.ReleasedToWarehouse;
        }

        // Added once complete (reserved, promised, released): the change carries each new shipment as it now stands.
        Emit(new ShipmentsAllocated(outcome.Shipments));
        if (!partlyPicked)
        {
            TransitionTo(OrderStatus.ReleasedToWarehouse, "Release");
        }

        Record("ReleasedToWarehouse", context, null, ("shipments", string.Join(",", outcome.Shipments.Select(s => s.ShipmentId))));
    }

    /// <summary>Records the at-risk event with its ranked options and applies the option the policy chose.</summary>
    private async Task ActOnRiskAsync(ShipmentState shipment, RiskAssessment assessment, string reason, CommandContext context, CustomerProfile? customer)
    {
        var chosen = assessment.Chosen;
        AddFlag("promise-at-risk");
        Record("PromiseAtRisk", context, reason,
            ("shipment", shipment.ShipmentId),
            ("probability", assessment.ProbabilityOnTime.ToString("0.000", Inv)),
            ("threshold", assessment.Threshold.ToString("0.00", Inv)),
            ("committedBy", shipment.PromisedBy.ToString("O", Inv)),
            ("now", assessment.Current.Text),
            ("options", OrderPromises.DescribeOptions(assessment.Options)),
            ("chosen", chosen?.Kind.ToString() ?? "none"));
        switch (chosen?.Kind)
        {
            case AtRiskActionKind.UpgradeService:
                Emit(new ShipmentServiceChanged(shipment.ShipmentId, chosen.Carrier, chosen.Service));
                Record("PromiseActionApplied", context, chosen.Description, ("shipment", shipment.ShipmentId), ("action", chosen.Kind.ToString()), ("carrier", chosen.Carrier), ("service", chosen.Service.ToString()));
                break;
            case AtRiskActionKind.MoveWarehouse or AtRiskActionKind.Split when shipment.IsOpen && customer is not null:
                Record("PromiseActionApplied", context, chosen.Description, ("shipment", shipment.ShipmentId), ("action", chosen.Kind.ToString()), ("to", string.Join(",", chosen.WarehouseIds)));
                await ReleaseShipmentsAsync([shipment], $"at risk: {chosen.Description}");
                await AllocateOpenLinesAsync(context, customer, [shipment.WarehouseId]);
                break;
            case not null:
                // Notify (or a move that is too late: the shipment is picked): the honest new date.
                Emit(new ShipmentPromiseRevised(shipment.ShipmentId, assessment.Current.PromisedBy, shipment.Promise is { } kept
                    ? kept with { Text = assessment.Current.Text, Probability = assessment.Current.Probability, HandoverBy = assessment.Current.HandoverBy }
                    : null));
                if (shipment.IsOpen || shipment.Status == ShipmentStatus.Picked)
                {
                    // Watched again against the new hand-over time: a second delay is caught too.
                    _promiseTracking = Task.WhenAll(_promiseTracking, Promises.TrackAsync([shipment]));
                }

                AddFlag("promise-renewed");
                Record("CustomerNotified", context, "new delivery date", ("shipment", shipment.ShipmentId), ("promise", assessment.Current.Text), ("promisedBy", assessment.Current.PromisedBy.ToString("O", Inv)));
                break;
        }
    }

    private async Task ReleaseShipmentsAsync(IReadOnlyList<ShipmentState> shipments, string reason)
    {
        foreach (var shipment in shipments)
        {
            Emit(new ShipmentCancelled(shipment.ShipmentId));
        }

        foreach (var shipment in shipments)
        {
            await Saga.ReleaseShipmentAsync(shipment, State.Shipments, reason);
        }

        await Promises.UntrackAsync(shipments.Select(s => s.WarehouseId), State.Shipments);
    }

    private void AdvanceStatusFromShipments()
    {
        var active = State.ActiveShipments.ToList();
        var target = active.All(s => s.Status == ShipmentStatus.Delivered) ? OrderStatus.Delivered
            : active.All(s => s.Status is ShipmentStatus.Shipped or ShipmentStatus.Delivered) ? OrderStatus.Shipped
            : active.Any(s => s.Status is ShipmentStatus.Picked or ShipmentStatus.Shipped or ShipmentStatus.Delivered) ? OrderStatus.Picked
            : State.Status;
        while (State.Status != target)
        {
            var next = State.Status switch
            {
                OrderStatus.ReleasedToWarehouse => OrderStatus.Picked,
                OrderStatus.Picked => OrderStatus.Shipped,
                OrderStatus.Shipped => OrderStatus.Delivered,
                _ => target,
            };
            TransitionTo(next, "ShipmentEvent");
        }
    }

    // ---- Command plumbing ---------------------------------------------------------------------------------------

    private async Task<OrderView> Execute(CommandContext context, object command, Func<Task> body)
    {
        if (context is null || string.IsNullOrWhiteSpace(context.IdempotencyKey) || context.IdempotencyKey.Length > 200 || string.IsNullOrWhiteSpace(context.Actor))
        {
            throw new DomainException("order.invalid-command", "Every command needs an idempotency key (1-200 characters) and an actor.");
        }

        var fingerprint = Fingerprint(command);
        if (State.Commands.TryGetValue(context.IdempotencyKey, out var previous))
        {
            return previous.Fingerprint == fingerprint
                ? View()
                : throw new DomainException("order.idempotency-conflict", $"Idempotency key '{context.IdempotencyKey}' was used for a different command on order {OrderId}.");
        }

        var before = State.Timeline.Count;
        OrderStatus? previousStatus = State.Exists ? State.Status : null;
        try
        {
            await body();
        }
        catch (DomainException)
        {
            // Commands validate before changing anything, so memory still matches storage; a refusal after a change
            // would leave memory ahead of it, and then only a fresh activation may serve the order.
            if (_pending.Count > 0)
            {
                DeactivateOnIdle();
            }

            _recorded.Clear();
            _pending.Clear();
            throw;
        }
        catch
        {
            // Unexpected failure half-way: drop memory so the next call reads the stored order.
            _recorded.Clear();
            _pending.Clear();
            DeactivateOnIdle();
            throw;
        }

        if (State.Timeline.Count == before && !State.Exists)
        {
            return View();
        }

        Emit(new CommandAccepted(context.IdempotencyKey, fingerprint, time.GetUtcNow()));
        var record = new OrderJournalRecord(journal.State.Records + 1, [.. _recorded], [.. _pending]);
        _recorded.Clear();
        _pending.Clear();
        journal.State.Format = OrderJournalLoader.CurrentFormat;
        journal.State.Records = record.Number;
        if (record.Number - journal.State.SnapshotAt >= SnapshotEvery || OrderTransitions.IsFinal(State.Status))
        {
            _snapshots!.Set(OrderJournalLoader.Snapshot, State);
            journal.State.SnapshotAt = record.Number;
        }

        // The journal record and the change summary go with the small state row, in one transaction (an outbox).
        // Written behind: ordered after the reservations and before the confirmations below; the caller's answer
        // leaves the silo only once it is durable.
        journal.WriteBehind([_records!.Stage(record), _changeFeed!.Stage(Summary(previousStatus, before))]);
        await _promiseTracking;
        _promiseTracking = Task.CompletedTask;
        NotifyWatchers();
        if (State.Shipments.Any(s => s.IsOpen))
        {
            await Saga.ConfirmAsync(State.Shipments);
        }

        return View();
    }

    /// <summary>
    /// Wakes the live feeds waiting for this order's events, only while one asked recently, and without waiting: the
    /// command's effect is durable already and must not depend on a watcher.
    /// </summary>
    private void NotifyWatchers()
    {
        if (_watchedUntil <= time.GetUtcNow())
        {
            return;
        }

        _ = GrainFactory.GetGrain<IOrderTimelineWatchGrain>(OrderId).TimelineAdvanced(State.Timeline.Count).ContinueWith(
            static (task, state) =>
            {
                var (log, orderId) = ((ILogger, string))state!;
                OrderLog.WatchNotifyFailed(log, orderId, task.Exception!);
            },
            ((ILogger)logger, OrderId),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <summary>Applies a change now and keeps it for the command's journal record.</summary>
    private void Emit(OrderChange change)
    {
        OrderFold.Apply(State, change);
        _pending.Add(change);
    }

    private void Record(string type, CommandContext context, string? reason, params (string Key, string Value)[] details)
    {
        var entry = new TimelineEvent(
            State.Timeline.Count + 1,
            type,
            time.GetUtcNow(),
            $"order/{OrderId}",
            silo.Value.SiloName,
            context.Actor,
            reason,
            details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal));
        State.Timeline.Add(entry);
        _recorded.Add(entry);
        OrderLog.Event(logger, OrderId, type, reason);
    }

    private void TransitionTo(OrderStatus next, string command)
    {
        OrderTransitions.Ensure(State.Status, next, command);
        Emit(new StatusChanged(next));
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw new DomainException("order.not-found", $"Order {OrderId} does not exist.");
        }
    }

    /// <summary>Edits are accepted while the lines they touch are not picked (other shipments may be).</summary>
    private void EnsureLinesEditable(string command, IEnumerable<string> lineIds)
    {
        if (!OrderTransitions.IsBeforePick(State.Status) && State.Status != OrderStatus.Picked)
        {
            throw new DomainException("order.too-late", $"{command} is not possible: the order is {State.Status}; changes are accepted until its lines are picked.");
        }

        var ids = lineIds.ToHashSet(StringComparer.Ordinal);
        var picked = State.ActiveShipments
            .Where(s => s.Status is ShipmentStatus.Picked or ShipmentStatus.Shipped or ShipmentStatus.Delivered)
            .SelectMany(s => s.Lines).Select(l => l.LineId).Where(ids.Contains).Distinct().ToList();
        if (picked.Count > 0)
        {
            throw new DomainException("order.too-late", $"{command} is not possible: line {string.Join(", ", picked)} is already picked.");
        }
    }

    private bool AddFlag(string flag)
    {
        if (State.Flags.Contains(flag))
        {
            return false;
        }

        Emit(new FlagAdded(flag));
        return true;
    }

    private static void EnsureShipment(ShipmentState shipment, ShipmentStatus expected, string kind)
    {
        if (shipment.Status != expected)
        {
            throw new DomainException("order.invalid-transition", $"Shipment {shipment.ShipmentId} cannot be marked {kind}: it is {shipment.Status}, not {expected}.");
        }
    }

    private ICustomerGrain Customer() => GrainFactory.GetGrain<ICustomerGrain>(State.CustomerId);

    private OrderView View() => new(
        OrderId,
        State.CustomerId,
        State.Channel,
        State.Status,
        [.. State.Lines],
        State.ShipTo ?? new Address(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, 0, 0),
        [.. State.Shipments.Select(s => s.ToView())],
        State.IsGift,
        State.Speed,
        State.HoldReason,
        [.. State.Flags],
        State.CreatedAt,
        State.UpdatedAt,
        State.Version,
        State.Return?.ToView());

    private OrderChanged Summary(OrderStatus? previousStatus, int timelineBefore)
    {
        var open = State.Lines.Where(l => !l.Cancelled).ToList();
        return new OrderChanged(
            OrderId,
            State.CustomerId,
            State.Channel,
            State.Status,
            previousStatus,
            [.. State.Timeline.Skip(timelineBefore).Select(e => e.Type)],
            open.Sum(l => l.UnitPrice * l.Quantity),
            open.Sum(l => l.Quantity),
            [.. State.Shipments.Where(s => s.IsOpen).Select(s => s.WarehouseId).Distinct(StringComparer.Ordinal)],
            State.IsGift,
            State.CreatedAt,
            State.UpdatedAt,
            State.Version);
    }

    private static string ItemsKey(IEnumerable<OrderLine> lines) =>
        string.Join(';', lines.Where(l => !l.Cancelled).GroupBy(l => l.Sku, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}x{g.Sum(l => l.Quantity)}"));

    private static string Fingerprint(object command) => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command)))[..32];

    private static System.Globalization.CultureInfo Inv => System.Globalization.CultureInfo.InvariantCulture;
}
