using System.Collections.Concurrent;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// Computes a shipment's promise from the warehouse's snapshot and the learned distributions (already read): picks
/// the lane's reference data for the prior, blends the hierarchy, sizes the queue from backlog against capacity (a
/// degraded warehouse counts at half capacity), composes the stages and describes the result. Promises are cached
/// per (warehouse, lane, hour, load level, data versions).
/// </summary>
public sealed class PromiseCalculator(PromiseOptions options, PromiseCache cache)
{
    private const int MaxCachedLanes = 10_000;

    private readonly ConcurrentDictionary<(string Zone, TimeOnly CutOff), WarehouseCalendar> _calendars = new();
    private readonly ConcurrentDictionary<(string Warehouse, string Region, string Carrier, ShippingSpeed Service), LaneKeys> _laneKeys = new();
    private readonly ConcurrentDictionary<int, HourDistribution> _transitPriors = new();
    private readonly HourDistribution _processingPrior = StagePriors.Processing(options.PriorProcessingHours);

    public PromiseOptions Options => options;

    /// <summary>
    /// The distribution keys a promise of this lane needs, built once per lane: every promise and every outlook asked
    /// for them, and rebuilding the keys and their strings was a third of the promise service's allocations.
    /// </summary>
    public LaneKeys KeysFor(string warehouseId, Address destination, string carrier, ShippingSpeed service)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var id = (warehouseId, destination.Region, carrier, service);
        if (_laneKeys.TryGetValue(id, out var keys))
        {
            return keys;
        }

        keys = LaneKeys.For(warehouseId, destination.Region, carrier, service);
        if (_laneKeys.Count < MaxCachedLanes)
        {
            // Regions come from addresses: the memo is bounded, lanes past the bound are built each time.
            _laneKeys.TryAdd(id, keys);
        }

        return keys;
    }

    public WarehouseCalendar CalendarFor(WarehouseProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return _calendars.GetOrAdd((profile.TimeZone, profile.CutOffLocal), key => new WarehouseCalendar(
            WarehouseCalendar.FindZone(key.Zone), options.ShiftStart, options.ShiftEnd, key.CutOff, options.ClosedDays, options.Holidays));
    }

    /// <summary>The promise, from the cache when nothing it depends on changed.</summary>
    /// <param name="now">The time of the question.</param>
    /// <param name="warehouse">The warehouse's snapshot.</param>
    /// <param name="destination">Delivery address.</param>
    /// <param name="carrier">Carrier.</param>
    /// <param name="service">Service level.</param>
    /// <param name="confidence">Target confidence.</param>
    /// <param name="extraUnits">Units not yet in the backlog.</param>
    /// <param name="transit">Learned transit per level, most specific first (null where unknown).</param>
    /// <param name="processing">Learned processing per level, most specific first.</param>
    public ShipmentPromise Promise(
        DateTimeOffset now, WarehouseSnapshot warehouse, Address destination, string carrier, ShippingSpeed service, double confidence, int extraUnits,
        IReadOnlyList<StageDistribution?> transit, IReadOnlyList<StageDistribution?> processing) =>
        Promise(now, warehouse, destination, carrier, service, confidence, extraUnits, transit, processing, out _);

    /// <summary>The promise; <paramref name="fromCache"/> tells whether it was composed or found.</summary>
    public ShipmentPromise Promise(
        DateTimeOffset now, WarehouseSnapshot warehouse, Address destination, string carrier, ShippingSpeed service, double confidence, int extraUnits,
        IReadOnlyList<StageDistribution?> transit, IReadOnlyList<StageDistribution?> processing, out bool fromCache)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(transit);
        ArgumentNullException.ThrowIfNull(processing);
        var profile = warehouse.Profile;
        var start = CeilHour(now);
        var calendar = CalendarFor(profile);
        var degraded = warehouse.Status != WarehouseStatus.Online;
        var capacity = degraded ? profile.DailyCapacityUnits / 2 : profile.DailyCapacityUnits;
        var queueHours = QueueModel.NominalHours(warehouse.BacklogUnits + Math.Max(0, extraUnits), capacity, calendar.ShiftHours);
        var laneKey = KeysFor(profile.WarehouseId, destination, carrier, service).Lane;
        var reference = (int)Math.Round(ReferenceHours(profile, destination, carrier, service));
        var key = new PromiseCacheKey(profile.WarehouseId, laneKey, start.UtcTicks, queueHours, reference, Versions(transit, processing), confidence, degraded);
        if (cache.TryGet(key, out var cached))
        {
            fromCache = true;
            return cached;
        }

        fromCache = false;

        var (transitDistribution, transitLevel, transitObservations) = HierarchicalBlend.Blend(
            _transitPriors.GetOrAdd(reference, static hours => StagePriors.Transit(hours)), Levels(transit, now), options.PriorStrength, options.MinObservations);
        var (processingDistribution, processingLevel, processingObservations) = HierarchicalBlend.Blend(
            _processingPrior, Levels(processing, now), options.PriorStrength, options.MinObservations);
        var (handover, total) = PromiseComposer.ComposeStages(start, calendar, QueueModel.Wait(queueHours), processingDistribution, transitDistribution);
        var basis = new PromiseBasis(
            transitLevel,
            Math.Round(transitObservations, 1),
            processingLevel,
            Math.Round(processingObservations, 1),
            queueHours,
            $"transit from {transitLevel.Describe()} data ({transitObservations:0} observations), pick and pack from {processingLevel.Describe()} data ({processingObservations:0}), {queueHours:0.#} h of queued work");
        var promise = PromiseDescriber.Describe(total, start, calendar, confidence, profile.WarehouseId, carrier, service, laneKey, basis)
            with { HandoverBy = handover.Quantile(confidence) is { } hours ? start.AddHours(hours) : null };
        cache.Put(key, promise);
        return promise;
    }

    /// <summary>The promise of a shipment already with the carrier since <paramref name="shippedAt"/>: the transit alone (not cached: once per shipment).</summary>
    public ShipmentPromise PromiseInTransit(
        DateTimeOffset shippedAt, DateTimeOffset now, WarehouseProfile profile, Address destination, string carrier, ShippingSpeed service, double confidence,
        IReadOnlyList<StageDistribution?> transit)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(transit);
        var reference = (int)Math.Round(ReferenceHours(profile, destination, carrier, service));
        var (distribution, level, observations) = HierarchicalBlend.Blend(
            _transitPriors.GetOrAdd(reference, static hours => StagePriors.Transit(hours)), Levels(transit, now), options.PriorStrength, options.MinObservations);
        var basis = new PromiseBasis(level, Math.Round(observations, 1), FallbackLevel.Prior, 0, 0, $"in transit since {shippedAt:u}; transit from {level.Describe()} data ({observations:0} observations)");
        var lane = KeysFor(profile.WarehouseId, destination, carrier, service).Lane;
        return PromiseDescriber.Describe(distribution, CeilHour(shippedAt), CalendarFor(profile), confidence, profile.WarehouseId, carrier, service, lane, basis);
    }

    /// <summary>The carrier table's hours for the lane (the prior's median); a lane the warehouse does not list uses its slowest one of the service.</summary>
    public static double ReferenceHours(WarehouseProfile profile, Address destination, string carrier, ShippingSpeed service)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(destination);
        CarrierLane? match = null;
        foreach (var lane in profile.Lanes)
        {
            if (lane.Service == service && (match is null || string.Equals(lane.Carrier, carrier, StringComparison.Ordinal) || (!string.Equals(match.Carrier, carrier, StringComparison.Ordinal) && lane.TransitDays > match.TransitDays)))
            {
                match = lane;
            }
        }

        match ??= profile.Lanes.Count > 0 ? profile.Lanes.MaxBy(l => l.TransitDays) : null;
        var distance = profile.Location.DistanceKmTo(destination.Location);
        return match is null ? 72 : StagePriors.ReferenceTransitHours(match.TransitDays, match.RangeKm, distance);
    }

    public static DateTimeOffset CeilHour(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var rounded = (ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour;
        return new DateTimeOffset(rounded, TimeSpan.Zero);
    }

    private List<HierarchicalBlend.Level> Levels(IReadOnlyList<StageDistribution?> distributions, DateTimeOffset now)
    {
        var levels = new List<HierarchicalBlend.Level>(distributions.Count);
        foreach (var distribution in distributions)
        {
            if (distribution is null || distribution.EffectiveObservations <= 0)
            {
                continue;
            }

            var decayed = distribution.EffectiveObservations * RecencyWeightedHistogram.DecayFactor(distribution.DecayedTo, now, options.HalfLife);
            levels.Add(new HierarchicalBlend.Level(StageKey.Parse(distribution.Key).Level, distribution.Weights, decayed));
        }

        return levels;
    }

    private static long Versions(IReadOnlyList<StageDistribution?> transit, IReadOnlyList<StageDistribution?> processing)
    {
        // A hash of all versions: any new observation at any level makes a new entry.
        var hash = 17L;
        foreach (var d in transit)
        {
            hash = (hash * 31) + (d?.Version ?? 0);
        }

        foreach (var d in processing)
        {
            hash = (hash * 31) + (d?.Version ?? 0);
        }

        return hash;
    }
}
