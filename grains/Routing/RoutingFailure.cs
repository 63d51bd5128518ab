using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Routing;

/// <summary>Explains a request that no plan can fill: which lines cannot be sourced and when stock is expected.</summary>
internal static class RoutingFailure
{
    public static RoutingDecision Explain(
        RoutingRequest request,
        RoutingProblem problem,
        int count,
        ulong all,
        int maxShipments,
        IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> availability)
    {
        var lines = request.Lines;
        var shortUnits = new bool[problem.UnitCount];
        string reason;
        var individuallyShort = new bool[lines.Count];
        if (count == 0)
        {
            Array.Fill(shortUnits, true);
            reason = "no eligible warehouse: every warehouse is offline, degraded with a reason, excluded or at capacity";
        }
        else if (MarkUnsourceable(problem, all, shortUnits))
        {
            var groupConflict = false;
            for (var l = 0; l < lines.Count; l++)
            {
                individuallyShort[l] = shortUnits[problem.LineUnit[l]] && !problem.LineAvailableAnywhere(l, all);
                groupConflict |= shortUnits[problem.LineUnit[l]] && lines[l].ShipTogetherGroup is not null && !individuallyShort[l];
            }

            reason = groupConflict
                ? "no single warehouse has enough stock and capacity for a ship-together group or line"
                : "not enough available stock (or capacity) in any eligible warehouse for some lines";
        }
        else if (CoverGreedily(problem, count, maxShipments, shortUnits))
        {
            reason = request.AcceptsSplit
                ? $"the lines need more than {maxShipments} shipment(s)"
                : "the customer refuses split shipments and no single warehouse can ship every line";
        }
        else
        {
            Array.Fill(shortUnits, true);
            reason = "stock or capacity is not enough for all lines together";
        }

        var shortLines = new List<ShortLine>();
        var anyIndividual = Array.IndexOf(individuallyShort, true) >= 0;
        for (var l = 0; l < lines.Count; l++)
        {
            if (anyIndividual ? individuallyShort[l] : shortUnits[problem.LineUnit[l]])
            {
                var line = lines[l];
                shortLines.Add(new ShortLine(line.LineId, line.Sku, line.Quantity, SoonestRestock(request, line.Sku, availability)));
            }
        }

        return new RoutingDecision(false, [], 0, false, [reason], null, reason, shortLines);
    }

    /// <summary>Marks units no eligible warehouse can ship whole; true if there is one.</summary>
    private static bool MarkUnsourceable(RoutingProblem problem, ulong all, bool[] shortUnits)
    {
        var any = false;
        for (var u = 0; u < problem.UnitCount; u++)
        {
            shortUnits[u] = (problem.UnitMask(u) & all) == 0;
            any |= shortUnits[u];
        }

        return any;
    }

    /// <summary>Picks up to <paramref name="maxShipments"/> warehouses covering the most units; marks the rest; true if some remain.</summary>
    private static bool CoverGreedily(RoutingProblem problem, int count, int maxShipments, bool[] shortUnits)
    {
        Array.Fill(shortUnits, true);
        for (var round = 0; round < maxShipments; round++)
        {
            var chosen = -1;
            var chosenCovers = 0;
            for (var c = 0; c < count; c++)
            {
                var covers = 0;
                for (var u = 0; u < problem.UnitCount; u++)
                {
                    if (shortUnits[u] && (problem.UnitMask(u) & (1UL << c)) != 0)
                    {
                        covers++;
                    }
                }

                if (covers > chosenCovers)
                {
                    chosen = c;
                    chosenCovers = covers;
                }
            }

            if (chosen < 0)
            {
                break;
            }

            for (var u = 0; u < problem.UnitCount; u++)
            {
                if ((problem.UnitMask(u) & (1UL << chosen)) != 0)
                {
                    shortUnits[u] = false;
                }
            }
        }

        return Array.IndexOf(shortUnits, true) >= 0;
    }

    private static InboundStock? SoonestRestock(RoutingRequest request, string sku, IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> availability)
    {
        if (!availability.TryGetValue(sku, out var entries))
        {
            return null;
        }

        InboundStock? soonest = null;
        foreach (var entry in entries)
        {
            if (entry.ExpectedInbound is { } inbound
                && !request.ExcludedWarehouses.Contains(entry.WarehouseId)
                && (soonest is null || inbound.ExpectedOn < soonest.ExpectedOn || (inbound.ExpectedOn == soonest.ExpectedOn && inbound.Quantity > soonest.Quantity)))
            {
                soonest = inbound;
            }
        }

        return soonest;
    }
}
