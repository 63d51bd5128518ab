using System.Collections.Concurrent;
using System.Numerics;
using OrderGrains.Grains.Warehouses;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Interfaces.Routing;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Routing;

/// <summary>
/// Sourcing as a pure, deterministic function of the request, the warehouse snapshots, the availability per SKU and
/// a fixed "now" (no grain calls, no clock).
/// <para>Hard constraints: a line ships whole from one warehouse with enough available stock; lines of a ship-together
/// group ship from one warehouse; the warehouse is not excluded, takes allocations (<see cref="WarehouseStatusRules"/>:
/// soft-degraded warehouses are tried only when online ones cannot fill the order) and has remaining capacity for
/// what it ships; one shipment if the customer refuses splits; at most <see cref="RoutingPolicy.MaxShipments"/>.</para>
/// <para>Preference: for VIPs, plans whose every shipment arrives within <see cref="RoutingPolicy.VipSlaHours"/>; then
/// fewer shipments; then the lower score = TransitWeight × days of the slowest shipment + CostWeight × total CNY +
/// SplitPenalty × extra shipments + SaturationWeight × Σ (backlog + units) / capacity of the used warehouses +
/// CarbonWeight × total kg CO2. A shipment's hours = hours until the warehouse's next cut-off + lane TransitDays × 24 +
/// 24 h per 600 km beyond the lane's range; its lane is the fastest one of the requested service (the fastest of any
/// service if none); its cost = lane cost per shipment + cost per kg × weight (line weight is per unit).</para>
/// <para>With delivery promises (<c>outlooks</c>, per warehouse for the lane chosen above), a shipment's hours are the
/// promise's hours at its confidence and the VIP SLA is met when P(within the SLA) ≥ VipSlaConfidence for every
/// shipment; without them, the table's hours decide both.</para>
/// </summary>
public static class RoutingEngine
{
    /// <summary>Candidates considered (by warehouse id); the search uses one bit per candidate.</summary>
    public const int MaxCandidates = 64;

    private const double KmPerExtraDay = 600;

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> TimeZones = new(StringComparer.Ordinal);

    /// <summary>Chooses the best plan, or explains why there is none.</summary>
    public static RoutingDecision Route(
        RoutingRequest request,
        IReadOnlyList<WarehouseSnapshot> warehouses,
        IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> availability,
        DateTimeOffset now,
        IReadOnlyDictionary<string, LaneOutlook>? outlooks = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(warehouses);
        ArgumentNullException.ThrowIfNull(availability);
        var policy = request.Policy ?? RoutingPolicy.Default;
        if (request.Lines.Count == 0)
        {
            return new RoutingDecision(true, [], 0, true, ["nothing to source"], null, null, []);
        }

        var candidates = new RouteCandidate[Math.Min(warehouses.Count, MaxCandidates)];
        var count = BuildCandidates(request, policy, warehouses, now, outlooks, candidates);
        var problem = new RoutingProblem(request, policy, candidates, count, availability);
        var online = 0UL;
        var all = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
        for (var c = 0; c < count; c++)
        {
            if (!candidates[c].FallbackOnly)
            {
                online |= 1UL << c;
            }
        }

        var maxShipments = request.AcceptsSplit ? Math.Max(1, policy.MaxShipments) : 1;
        var usedFallback = false;
        if (!problem.Search(online, maxShipments, policy.VipSlaHours))
        {
            usedFallback = online != all && problem.Search(all, maxShipments, policy.VipSlaHours);
            if (!usedFallback)
            {
                return RoutingFailure.Explain(request, problem, count, all, maxShipments, availability);
            }
        }

        return RoutingReasons.Decide(request, policy, problem, candidates, usedFallback);
    }

    /// <summary>The lane each eligible warehouse would ship this request with (for the promise service to score them).</summary>
    public static IReadOnlyList<LaneCandidate> CandidateLanes(RoutingRequest request, IReadOnlyList<WarehouseSnapshot> warehouses)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(warehouses);
        var lanes = new List<LaneCandidate>(warehouses.Count);
        foreach (var warehouse in warehouses)
        {
            var profile = warehouse.Profile;
            if (Eligible(request, warehouse))
            {
                var lane = PickLane(profile.Lanes, request.Speed, (request.Policy ?? RoutingPolicy.Default).PreferredCarrier, profile.Location.DistanceKmTo(request.Destination.Location), out _);
                lanes.Add(new LaneCandidate(profile.WarehouseId, lane.Carrier, lane.Service));
            }
        }

        return lanes;
    }

    private static bool Eligible(RoutingRequest request, WarehouseSnapshot warehouse) =>
        WarehouseStatusRules.AcceptsAllocations(warehouse.Status, warehouse.StatusReason)
        && warehouse.RemainingCapacity > 0
        && warehouse.Profile.Lanes.Count > 0
        && !request.ExcludedWarehouses.Contains(warehouse.Profile.WarehouseId);

    private static int BuildCandidates(
        RoutingRequest request, RoutingPolicy policy, IReadOnlyList<WarehouseSnapshot> warehouses, DateTimeOffset now, IReadOnlyDictionary<string, LaneOutlook>? outlooks, RouteCandidate[] candidates)
    {
        var sorted = new WarehouseSnapshot[warehouses.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = warehouses[i];
        }

        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Profile.WarehouseId, b.Profile.WarehouseId));
        var destination = request.Destination.Location;
        var count = 0;
        foreach (var warehouse in sorted)
        {
            var profile = warehouse.Profile;
            if (count == candidates.Length || !Eligible(request, warehouse))
            {
                continue;
            }

            var distance = profile.Location.DistanceKmTo(destination);
            var lane = PickLane(profile.Lanes, request.Speed, policy.PreferredCarrier, distance, out var transitHours);
            var hours = HoursUntilCutOff(profile, now) + transitHours;
            var slaProbability = hours <= policy.VipSlaHours ? 1.0 : 0.0;
            if (outlooks is not null && outlooks.TryGetValue(profile.WarehouseId, out var outlook) && outlook.Carrier == lane.Carrier && outlook.Service == lane.Service)
            {
                hours = outlook.HoursAtConfidence;
                slaProbability = outlook.ProbabilityWithinSla;
            }

            candidates[count++] = new RouteCandidate(
                warehouse,
                lane,
                hours,
                distance,
                (double)lane.CostPerShipment,
                (double)lane.CostPerKg,
                distance * lane.KgCo2PerKm,
                WarehouseStatusRules.IsFallbackOnly(warehouse.Status, warehouse.StatusReason),
                slaProbability,
                policy.PreferredWarehouses is { Count: > 0 } preferred && preferred.Contains(profile.WarehouseId, StringComparer.Ordinal));
        }

        return count;
    }

    /// <summary>
    /// The fastest lane of the requested service (of the preferred carrier first, when the rules name one), else the
    /// fastest of any service.
    /// </summary>
    private static CarrierLane PickLane(IReadOnlyList<CarrierLane> lanes, ShippingSpeed speed, string? carrier, double distanceKm, out double transitHours)
    {
        CarrierLane? best = null;
        transitHours = double.MaxValue;
        for (var pass = carrier is null ? 1 : 0; pass < 3 && best is null; pass++)
        {
            for (var i = 0; i < lanes.Count; i++)
            {
                var lane = lanes[i];
                if ((pass < 2 && lane.Service != speed) || (pass == 0 && !string.Equals(lane.Carrier, carrier, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var hours = TransitHours(lane, distanceKm);
                if (hours < transitHours || (hours == transitHours && best is not null && lane.CostPerShipment < best.CostPerShipment))
                {
                    best = lane;
                    transitHours = hours;
                }
            }
        }

        return best!;
    }

    private static double TransitHours(CarrierLane lane, double distanceKm) =>
        (lane.TransitDays * 24) + (Math.Max(0, distanceKm - lane.RangeKm) / KmPerExtraDay * 24);

    private static double HoursUntilCutOff(WarehouseProfile profile, DateTimeOffset now)
    {
        var zone = TimeZones.GetOrAdd(profile.TimeZone, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var untilCutOff = profile.CutOffLocal.ToTimeSpan() - local.TimeOfDay;
        return (untilCutOff < TimeSpan.Zero ? untilCutOff + TimeSpan.FromDays(1) : untilCutOff).TotalHours;
    }

    /// <summary>Candidate indices of a bit set, lowest first.</summary>
    internal static IEnumerable<int> Members(ulong set)
    {
        for (var bits = set; bits != 0; bits &= bits - 1)
        {
            yield return BitOperations.TrailingZeroCount(bits);
        }
    }
}
