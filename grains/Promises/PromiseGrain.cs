using Microsoft.Extensions.Logging;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Delivery promises (<c>promise/default</c>), a stateless worker: reads the warehouse snapshots (at most a second
/// old, from <see cref="WarehouseDirectoryCache"/>) and the learned distributions (through the silo's cache), and has
/// <see cref="PromiseCalculator"/> compose them. Quotes route like an order would, without reserving anything.
/// </summary>
[GrainType("promise")]
[StatelessWorker]
[Reentrant]
public sealed class PromiseGrain(
    PromiseCalculator calculator,
    PromiseCache cache,
    PromiseMetrics metrics,
    WarehouseDirectoryCache directory,
    TimeProvider time,
    ILogger<PromiseGrain> logger) : Grain, IPromiseGrain
{
    /// <summary>The key callers use.</summary>
    public const string Key = "default";

    private PromiseOptions Options => calculator.Options;

    public async Task<ShipmentPromise> PromiseShipment(ShipmentPromiseRequest request)
    {
        Validate(request);
        var warehouse = request.Warehouse ?? await GetWarehouseAsync(request.WarehouseId);
        var promise = await ComputeAsync(warehouse, request.Destination, request.Carrier, request.Service, Options.ConfidenceOr(request.Confidence), request.ExtraUnits);
        return request.CommittedBy is { } committed
            ? promise with { CommittedBy = committed, ProbabilityByCommitted = Math.Round(promise.ProbabilityBy(committed), 4) }
            : promise;
    }

    public async Task<DeliveryQuote> Quote(QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Lines is not { Count: > 0 } || request.Destination is null || request.Lines.Any(l => l is null || string.IsNullOrWhiteSpace(l.Sku) || l.Quantity <= 0))
        {
            throw new DomainException("promise.invalid-quote", "A quote needs at least one line (a SKU and a positive quantity) and a destination.");
        }

        var confidence = Options.ConfidenceOr(request.Confidence);
        var decision = await GrainFactory.GetGrain<IRoutingGrain>("default").Route(new RoutingRequest(
            "quote",
            [.. request.Lines.Select((l, i) => new RoutingLine($"Q{i + 1}", l.Sku.Trim(), l.Quantity, l.ShipTogetherGroup, l.WeightKg))],
            request.Destination,
            request.Tier,
            request.AcceptsSplit,
            request.Speed,
            []));
        if (!decision.Success)
        {
            return new DeliveryQuote(false, [], null, null, decision.FailureReason ?? "the cart cannot be sourced now", decision.ShortLines);
        }

        var shipments = new List<QuotedShipment>(decision.Shipments.Count);
        foreach (var plan in decision.Shipments)
        {
            var warehouse = await GetWarehouseAsync(plan.WarehouseId);
            var promise = await ComputeAsync(warehouse, request.Destination, plan.Carrier, plan.Service, confidence, plan.Lines.Sum(l => l.Quantity));
            shipments.Add(new QuotedShipment(plan.WarehouseId, plan.Lines, plan.EstimatedCost, promise));
        }

        // The cart arrives when its last shipment does: P(all by D) is the product (shipments travel independently).
        var latest = shipments.Max(s => s.Promise.PromisedBy);
        var all = shipments.Aggregate(1.0, (p, s) => p * s.Promise.ProbabilityBy(latest));
        var last = shipments.First(s => s.Promise.PromisedBy == latest).Promise;
        var text = PromiseText.Format(all, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(latest, calculator.CalendarFor((await GetWarehouseAsync(last.WarehouseId)).Profile).Zone).DateTime));
        logger.Quoted(request.Destination.Region, text);
        return new DeliveryQuote(true, shipments, latest, text, null, []);
    }

    public async Task<OrderPromise> GetOrderPromise(string orderId)
    {
        var order = await GrainFactory.GetGrain<IOrderGrain>(orderId).Get();
        var outlooks = new List<ShipmentOutlook>(order.Shipments.Count);
        foreach (var shipment in order.Shipments.Where(s => s.Status != ShipmentStatus.Cancelled))
        {
            ShipmentPromise? current = null;
            if (shipment.Status is not ShipmentStatus.Delivered)
            {
                current = await PromiseShipment(new ShipmentPromiseRequest(shipment.WarehouseId, order.ShipTo, shipment.Carrier, shipment.Service, shipment.PromisedBy));
            }

            outlooks.Add(new ShipmentOutlook(shipment.ShipmentId, shipment.Status.ToString(), shipment.PromisedBy, shipment.Promise?.Text, current));
        }

        return new OrderPromise(order.OrderId, outlooks);
    }

    public async Task<IReadOnlyList<LaneOutlook>> Outlook(LaneOutlookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var confidence = Options.ConfidenceOr(request.Confidence);
        var outlooks = new List<LaneOutlook>(request.Candidates.Count);
        foreach (var candidate in request.Candidates)
        {
            var warehouse = await GetWarehouseAsync(candidate.WarehouseId);
            var promise = await ComputeAsync(warehouse, request.Destination, candidate.Carrier, candidate.Service, confidence, 0);
            if (promise.Basis.TransitLevel == FallbackLevel.Prior)
            {
                // Without learned data the promise only restates the carrier table: routing keeps the table's hours.
                continue;
            }

            var lead = (promise.ComputedAt - now).TotalHours;
            outlooks.Add(new LaneOutlook(candidate.WarehouseId, candidate.Carrier, candidate.Service, promise.HoursAtConfidence + lead, promise.ProbabilityBy(now.AddHours(request.SlaHours))));
        }

        return outlooks;
    }

    public async Task<RiskAssessment> Assess(RiskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request.Shipment);
        var committed = request.Shipment.CommittedBy
            ?? throw new DomainException("promise.invalid-request", "An assessment needs the committed date.");
        var threshold = request.Threshold ?? Options.AtRiskThreshold;
        var current = await PromiseShipment(request.Shipment);
        var probability = current.ProbabilityByCommitted ?? 0;
        if (probability >= threshold)
        {
            return new RiskAssessment(false, probability, threshold, current, [], null);
        }

        var finder = new AtRiskOptionFinder(GrainFactory, request, current, (warehouse, carrier, service, extra) => ComputeAsync(warehouse, request.Shipment.Destination, carrier, service, current.Confidence, extra), GetWarehouseAsync);
        var ranked = AtRiskRanking.Rank(await finder.FindAsync(), threshold);
        var chosen = AtRiskRanking.Choose(ranked, Options.AtRiskPolicy);
        metrics.AtRisk(chosen?.Kind);
        logger.AtRisk(request.OrderId, request.ShipmentId, probability, threshold, chosen?.Description ?? "none (record only)");
        return new RiskAssessment(true, probability, threshold, current, ranked, chosen);
    }

    public async Task<RiskAssessment> AssessShipped(ShipmentPromiseRequest shipment, DateTimeOffset shippedAt)
    {
        Validate(shipment);
        var committed = shipment.CommittedBy ?? throw new DomainException("promise.invalid-request", "An assessment needs the committed date.");
        var warehouse = shipment.Warehouse ?? await GetWarehouseAsync(shipment.WarehouseId);
        var transit = await ReadAsync(calculator.KeysFor(shipment.WarehouseId, shipment.Destination, shipment.Carrier, shipment.Service).TransitNames, time.GetUtcNow());
        var promise = calculator.PromiseInTransit(shippedAt, time.GetUtcNow(), warehouse.Profile, shipment.Destination, shipment.Carrier, shipment.Service, Options.ConfidenceOr(shipment.Confidence), transit);
        var probability = Math.Round(promise.ProbabilityBy(committed), 4);
        promise = promise with { CommittedBy = committed, ProbabilityByCommitted = probability };
        if (probability >= Options.AtRiskThreshold)
        {
            return new RiskAssessment(false, probability, Options.AtRiskThreshold, promise, [], null);
        }

        // With the carrier, moving or upgrading is no longer possible: the customer hears the new date.
        var notify = new AtRiskOption(1, AtRiskActionKind.NotifyNewDate, $"tell the customer: {promise.Text}", probability, promise.PromisedBy, 0m, [shipment.WarehouseId], shipment.Carrier, shipment.Service);
        var chosen = AtRiskRanking.Choose([notify], Options.AtRiskPolicy);
        metrics.AtRisk(chosen?.Kind);
        return new RiskAssessment(true, probability, Options.AtRiskThreshold, promise, [notify], chosen);
    }

    public async Task RecordOutcome(ShipmentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Destination is null || outcome.DeliveredAt < outcome.ShippedAt || outcome.ShippedAt < outcome.ReleasedAt)
        {
            throw new DomainException("promise.invalid-outcome", "An outcome needs a destination and released <= shipped <= delivered.");
        }

        var keys = calculator.KeysFor(outcome.WarehouseId, outcome.Destination, outcome.Carrier, outcome.Service);
        var writes = new List<Task>();
        var transit = new StageObservation((outcome.DeliveredAt - outcome.ShippedAt).TotalHours, outcome.DeliveredAt);
        writes.AddRange(keys.TransitNames.Select(k => GrainFactory.GetGrain<ILaneDistributionGrain>(k).Record([transit])));
        if (outcome.PickedAt is { } picked && picked >= outcome.ReleasedAt)
        {
            var calendar = calculator.CalendarFor((await GetWarehouseAsync(outcome.WarehouseId)).Profile);
            var work = Math.Max(0, calendar.WorkingHoursBetween(outcome.ReleasedAt, picked) - outcome.QueueHours);
            var processing = new StageObservation(work, picked);
            writes.AddRange(keys.ProcessingNames.Select(k => GrainFactory.GetGrain<ILaneDistributionGrain>(k).Record([processing])));
        }

        if (outcome.Confidence is { } confidence)
        {
            writes.Add(GrainFactory.GetGrain<IPromiseCalibrationGrain>(PromiseCalibrationGrain.Key).Record(
                new CalibrationSample(keys.Lane, confidence, outcome.DeliveredAt <= outcome.PromisedBy, outcome.PromisedBy, outcome.DeliveredAt)));
        }

        await Task.WhenAll(writes);
    }

    private async Task<ShipmentPromise> ComputeAsync(WarehouseSnapshot warehouse, Address destination, string carrier, ShippingSpeed service, double confidence, int extraUnits)
    {
        var now = time.GetUtcNow();
        var keys = calculator.KeysFor(warehouse.Profile.WarehouseId, destination, carrier, service);
        var transit = await ReadAsync(keys.TransitNames, now);
        var processing = await ReadAsync(keys.ProcessingNames, now);
        var promise = calculator.Promise(now, warehouse, destination, carrier, service, confidence, extraUnits, transit, processing, out var fromCache);
        metrics.CacheLookup(fromCache);
        if (!fromCache)
        {
            metrics.Promised(promise.Basis.TransitLevel);
            logger.Promised(promise.WarehouseId, promise.Lane, promise.Text, promise.Basis.TransitLevel.Describe());
        }

        return promise;
    }

    private async Task<StageDistribution?[]> ReadAsync(IReadOnlyList<string> keys, DateTimeOffset now)
    {
        var result = new StageDistribution?[keys.Count];
        List<Task>? reads = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (cache.TryGetDistribution(key, now, out var distribution))
            {
                result[i] = distribution;
            }
            else
            {
                (reads ??= []).Add(FetchAsync(key, i, result, now));
            }
        }

        if (reads is not null)
        {
            await Task.WhenAll(reads);
        }

        return result;
    }

    private async Task FetchAsync(string key, int index, StageDistribution?[] result, DateTimeOffset now)
    {
        try
        {
            var distribution = await GrainFactory.GetGrain<ILaneDistributionGrain>(key).GetDistribution();
            cache.PutDistribution(distribution, now);
            result[index] = distribution;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A level that cannot be read is skipped: the promise falls back to the levels above it.
            logger.DistributionReadFailed(key, exception);
        }
    }

    private Task<WarehouseSnapshot> GetWarehouseAsync(string warehouseId) => directory.GetAsync(warehouseId).AsTask();

    private static void Validate(ShipmentPromiseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.WarehouseId) || request.Destination is null || string.IsNullOrWhiteSpace(request.Carrier) || !Enum.IsDefined(request.Service) || request.ExtraUnits < 0)
        {
            throw new DomainException("promise.invalid-request", "A shipment promise needs a warehouse, a destination, a carrier, a known service and non-negative extra units.");
        }
    }
}
