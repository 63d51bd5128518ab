using System.Numerics;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Routing;

/// <summary>
/// One request's search space in flat arrays: candidates (at most 64, a bit each), distinct SKUs with stock per
/// candidate, and units (a ship-together group, or a lone line) with the set of candidates able to ship each whole.
/// The search enumerates warehouse sets by size and assigns units greedily within a set; nothing is allocated per set.
/// </summary>
internal sealed class RoutingProblem
{
    private const int MaxSetsPerSize = 100_000;

    private readonly RouteCandidate[] _candidates;
    private readonly int _n;
    private readonly IReadOnlyList<RoutingLine> _lines;
    private readonly int[] _lineSku;
    private readonly int[] _lineDemand;
    private readonly int[] _unitLineStart;
    private readonly int[] _unitLines;
    private readonly int[] _unitQty;
    private readonly double[] _unitWeight;
    private readonly ulong[] _unitMask;
    private readonly int[] _unitOrder;
    private readonly int[] _stock;
    private readonly int _skuCount;
    private readonly RoutingPolicy _policy;
    private readonly bool _vip;

    private readonly int[] _stockLeft;
    private readonly int[] _capLeft;
    private readonly int[] _qtyAt;
    private readonly double[] _weightAt;
    private readonly int[] _assign;

    public RoutingProblem(RoutingRequest request, RoutingPolicy policy, RouteCandidate[] candidates, int candidateCount, IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> availability)
    {
        _candidates = candidates;
        _n = candidateCount;
        _lines = request.Lines;
        _policy = policy;
        _vip = request.Tier == CustomerTier.Vip || policy.EnforceSla;
        var lineCount = _lines.Count;

        // Distinct SKUs and their stock per candidate.
        _lineSku = new int[lineCount];
        var skus = new string[lineCount];
        for (var l = 0; l < lineCount; l++)
        {
            var sku = _lines[l].Sku;
            var s = Array.IndexOf(skus, sku, 0, _skuCount);
            if (s < 0)
            {
                s = _skuCount++;
                skus[s] = sku;
            }

            _lineSku[l] = s;
        }

        Skus = skus;
        _stock = new int[_skuCount * _n];
        for (var s = 0; s < _skuCount; s++)
        {
            if (!availability.TryGetValue(skus[s], out var entries))
            {
                continue;
            }

            for (var e = 0; e < entries.Count; e++)
            {
                var c = IndexOf(entries[e].WarehouseId);
                if (c >= 0)
                {
                    _stock[(s * _n) + c] = Math.Max(0, entries[e].Available);
                }
            }
        }

        // Units: ship-together groups and lone lines, in order of first appearance.
        var lineUnit = new int[lineCount];
        var groups = new string?[lineCount];
        UnitCount = 0;
        for (var l = 0; l < lineCount; l++)
        {
            var group = _lines[l].ShipTogetherGroup;
            var u = -1;
            if (!string.IsNullOrEmpty(group))
            {
                u = Array.IndexOf(groups, group, 0, UnitCount);
            }

            if (u < 0)
            {
                u = UnitCount++;
                groups[u] = string.IsNullOrEmpty(group) ? null : group;
            }

            lineUnit[l] = u;
        }

        LineUnit = lineUnit;
        _unitLineStart = new int[UnitCount + 1];
        _unitLines = new int[lineCount];
        _unitQty = new int[UnitCount];
        _unitWeight = new double[UnitCount];
        for (var l = 0; l < lineCount; l++)
        {
            _unitLineStart[lineUnit[l] + 1]++;
        }

        for (var u = 0; u < UnitCount; u++)
        {
            _unitLineStart[u + 1] += _unitLineStart[u];
        }

        var fill = new int[UnitCount];
        for (var l = 0; l < lineCount; l++)
        {
            var u = lineUnit[l];
            _unitLines[_unitLineStart[u] + fill[u]++] = l;
            _unitQty[u] += _lines[l].Quantity;
            _unitWeight[u] += _lines[l].Quantity * Math.Max(0, _lines[l].WeightKg);
        }

        // Demand of a line's SKU within its unit (two lines of one SKU in one group draw on the same stock).
        _lineDemand = new int[lineCount];
        for (var l = 0; l < lineCount; l++)
        {
            for (var k = _unitLineStart[lineUnit[l]]; k < _unitLineStart[lineUnit[l] + 1]; k++)
            {
                var other = _unitLines[k];
                if (_lineSku[other] == _lineSku[l])
                {
                    _lineDemand[l] += _lines[other].Quantity;
                }
            }
        }

        _unitMask = new ulong[UnitCount];
        for (var u = 0; u < UnitCount; u++)
        {
            for (var c = 0; c < _n; c++)
            {
                if (Fits(u, c, _stock, _candidates[c].Remaining))
                {
                    _unitMask[u] |= 1UL << c;
                }
            }
        }

        // Most constrained units first, then the larger ones.
        _unitOrder = new int[UnitCount];
        for (var u = 0; u < UnitCount; u++)
        {
            _unitOrder[u] = u;
        }

        for (var i = 1; i < UnitCount; i++)
        {
            var u = _unitOrder[i];
            var j = i - 1;
            while (j >= 0 && Before(u, _unitOrder[j]))
            {
                _unitOrder[j + 1] = _unitOrder[j];
                j--;
            }

            _unitOrder[j + 1] = u;
        }

        _stockLeft = new int[_stock.Length];
        _capLeft = new int[_n];
        _qtyAt = new int[_n];
        _weightAt = new double[_n];
        _assign = new int[UnitCount];
        BestAssignment = new int[UnitCount];
    }

    /// <summary>Distinct SKUs (first <c>SkuCount</c> entries used).</summary>
    public string[] Skus { get; }

    public int UnitCount { get; }

    /// <summary>Unit of each line.</summary>
    public int[] LineUnit { get; }

    /// <summary>Candidate chosen for each unit in <see cref="Best"/>.</summary>
    public int[] BestAssignment { get; }

    public RoutePlan? Best { get; private set; }

    public RoutePlan? RunnerUp { get; private set; }

    /// <summary>Candidates able to ship the unit whole (stock and capacity), as a bit set.</summary>
    public ulong UnitMask(int unit) => _unitMask[unit];

    /// <summary>True if some candidate has the line's quantity of its SKU (ignoring its group).</summary>
    public bool LineAvailableAnywhere(int line, ulong allowed)
    {
        var s = _lineSku[line];
        for (var c = 0; c < _n; c++)
        {
            if ((allowed & (1UL << c)) != 0 && _stock[(s * _n) + c] >= _lines[line].Quantity)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Searches the candidates of <paramref name="allowed"/> for the best plan of at most <paramref name="maxShipments"/> shipments.</summary>
    public bool Search(ulong allowed, int maxShipments, double slaHours)
    {
        var useful = 0UL;
        for (var u = 0; u < UnitCount; u++)
        {
            var mask = _unitMask[u] & allowed;
            if (mask == 0)
            {
                return false;
            }

            useful |= mask;
        }

        var indices = new int[BitOperations.PopCount(useful)];
        var m = 0;
        for (var bits = useful; bits != 0; bits &= bits - 1)
        {
            indices[m++] = BitOperations.TrailingZeroCount(bits);
        }

        var maxK = Math.Min(Math.Min(maxShipments, UnitCount), m);
        Span<int> combination = stackalloc int[Math.Max(1, maxK)];
        var lookingForRunnerUp = false;
        for (var k = 1; k <= maxK; k++)
        {
            SearchSize(indices, combination[..k], slaHours);
            if (Best is { MeetsSla: true })
            {
                // Fewer shipments always win; one more size only to name a runner-up.
                if (lookingForRunnerUp || RunnerUp is not null)
                {
                    break;
                }

                lookingForRunnerUp = true;
            }
        }

        return Best is not null;
    }

    private void SearchSize(int[] indices, Span<int> combination, double slaHours)
    {
        var k = combination.Length;
        var m = indices.Length;
        for (var i = 0; i < k; i++)
        {
            combination[i] = i;
        }

        var budget = MaxSetsPerSize;
        while (budget-- > 0)
        {
            var set = 0UL;
            for (var i = 0; i < k; i++)
            {
                set |= 1UL << indices[combination[i]];
            }

            Evaluate(set, k, slaHours);

            // Next combination in lexicographic order.
            var p = k - 1;
            while (p >= 0 && combination[p] == m - k + p)
            {
                p--;
            }

            if (p < 0)
            {
                return;
            }

            combination[p]++;
            for (var i = p + 1; i < k; i++)
            {
                combination[i] = combination[i - 1] + 1;
            }
        }
    }

    private void Evaluate(ulong set, int k, double slaHours)
    {
        for (var u = 0; u < UnitCount; u++)
        {
            if ((_unitMask[u] & set) == 0)
            {
                return;
            }
        }

        for (var bits = set; bits != 0; bits &= bits - 1)
        {
            var c = BitOperations.TrailingZeroCount(bits);
            _capLeft[c] = _candidates[c].Remaining;
            _qtyAt[c] = 0;
            _weightAt[c] = 0;
            for (var s = 0; s < _skuCount; s++)
            {
                _stockLeft[(s * _n) + c] = _stock[(s * _n) + c];
            }
        }

        var used = 0UL;
        for (var i = 0; i < UnitCount; i++)
        {
            var u = _unitOrder[i];
            var chosen = -1;
            var bestMarginal = double.MaxValue;
            for (var bits = _unitMask[u] & set; bits != 0; bits &= bits - 1)
            {
                var c = BitOperations.TrailingZeroCount(bits);
                if (!Fits(u, c, _stockLeft, _capLeft[c]))
                {
                    continue;
                }

                ref readonly var candidate = ref _candidates[c];
                var marginal = (_policy.CostWeight * candidate.CostPerKg * _unitWeight[u])
                    + (_policy.SaturationWeight * _unitQty[u] / candidate.Capacity);
                if (marginal < bestMarginal)
                {
                    bestMarginal = marginal;
                    chosen = c;
                }
            }

            if (chosen < 0)
            {
                return;
            }

            _assign[u] = chosen;
            used |= 1UL << chosen;
            _capLeft[chosen] -= _unitQty[u];
            _qtyAt[chosen] += _unitQty[u];
            _weightAt[chosen] += _unitWeight[u];
            for (var x = _unitLineStart[u]; x < _unitLineStart[u + 1]; x++)
            {
                var l = _unitLines[x];
                _stockLeft[(_lineSku[l] * _n) + chosen] -= _lines[l].Quantity;
            }
        }

        if (used != set)
        {
            return; // A smaller set ships it; it was (or will be) evaluated on its own.
        }

        double maxHours = 0, cost = 0, co2 = 0, saturation = 0, slaProbability = 1, preferred = 0;
        for (var bits = set; bits != 0; bits &= bits - 1)
        {
            var c = BitOperations.TrailingZeroCount(bits);
            ref readonly var candidate = ref _candidates[c];
            preferred += candidate.Preferred ? 1 : 0;
            maxHours = Math.Max(maxHours, candidate.Hours);
            slaProbability = Math.Min(slaProbability, candidate.SlaProbability);
            cost += candidate.CostBase + (candidate.CostPerKg * _weightAt[c]);
            co2 += candidate.KgCo2;
            saturation += (double)(candidate.Backlog + _qtyAt[c]) / candidate.Capacity;
        }

        var score = (_policy.TransitWeight * maxHours / 24)
            + (_policy.CostWeight * cost)
            + (_policy.SplitPenalty * (k - 1))
            + (_policy.SaturationWeight * saturation)
            + (_policy.CarbonWeight * co2)
            - (_policy.PreferenceBonus * preferred);
        var plan = new RoutePlan(set, k, !_vip || slaProbability >= _policy.VipSlaConfidence, score, maxHours, cost, co2, saturation);
        if (Best is not { } best || plan.IsBetterThan(best))
        {
            RunnerUp = Best;
            Best = plan;
            Array.Copy(_assign, BestAssignment, UnitCount);
        }
        else if (RunnerUp is not { } runnerUp || plan.IsBetterThan(runnerUp))
        {
            RunnerUp = plan;
        }
    }

    private bool Fits(int unit, int c, int[] stock, int capacityLeft)
    {
        if (capacityLeft < _unitQty[unit])
        {
            return false;
        }

        for (var x = _unitLineStart[unit]; x < _unitLineStart[unit + 1]; x++)
        {
            var l = _unitLines[x];
            if (stock[(_lineSku[l] * _n) + c] < _lineDemand[l])
            {
                return false;
            }
        }

        return true;
    }

    private bool Before(int a, int b)
    {
        var ca = BitOperations.PopCount(_unitMask[a]);
        var cb = BitOperations.PopCount(_unitMask[b]);
        return ca != cb ? ca < cb : _unitQty[a] > _unitQty[b];
    }

    private int IndexOf(string warehouseId)
    {
        for (var c = 0; c < _n; c++)
        {
            if (string.Equals(_candidates[c].Id, warehouseId, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }
}
