using System.Collections.Concurrent;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Routing;

/// <summary>
/// Units this silo's routing recently sent to each stock slot for allocations (soft allocation). The SKU inventory
/// view learns of a reservation only when the slot publishes, so without this every order routed in the meantime sees
/// the same stock: in a burst (an outage rerouting thousands of orders, a flash sale) most of them chose the same
/// slot, were refused there and routed again. A claim counts against a slot's view entry while it is newer than the
/// entry (an entry from after the claim already shows its reservation, or its failure) and for at most
/// <see cref="Horizon"/>. Claims only steer: routing falls back to the plain view when they leave nothing, and the
/// slots stay authoritative.
/// </summary>
public sealed class RoutingClaims(TimeProvider time)
{
    /// <summary>How long a claim counts when the view shows nothing newer.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(5);

    // Slots whose claims all expired are dropped every this many claims, so memory follows the slots in use.
    private const int SweepEvery = 4_096;

    private readonly ConcurrentDictionary<(string Sku, string WarehouseId), SlotClaims> _slots = new();
    private int _claimsSinceSweep;

    /// <summary>Slots with claims in memory (a diagnostic: expired ones are dropped as new claims come).</summary>
    public int TrackedSlots => _slots.Count;

    /// <summary>
    /// The view of one SKU less the units claimed after each entry was updated; the same list when nothing applies.
    /// </summary>
    public IReadOnlyList<SkuAvailability> Apply(string sku, IReadOnlyList<SkuAvailability> view)
    {
        List<SkuAvailability>? adjusted = null;
        var oldest = time.GetUtcNow() - Horizon;
        for (var i = 0; i < view.Count; i++)
        {
            var entry = view[i];
            if (!_slots.TryGetValue((sku, entry.WarehouseId), out var slot) || entry.Available <= 0)
            {
                continue;
            }

            var claimed = slot.UnitsAfter(entry.UpdatedAt > oldest ? entry.UpdatedAt : oldest);
            if (claimed > 0)
            {
                adjusted ??= [.. view];
                adjusted[i] = entry with { Available = Math.Max(0, entry.Available - claimed) };
            }
        }

        return adjusted ?? view;
    }

    /// <summary>Records the units of a plan about to be reserved.</summary>
    public void Claim(RoutingDecision decision)
    {
        var now = time.GetUtcNow();
        foreach (var shipment in decision.Shipments)
        {
            foreach (var line in shipment.Lines)
            {
                var slot = _slots.GetOrAdd((line.Sku, shipment.WarehouseId), static _ => new SlotClaims());
                slot.Add(now, line.Quantity, now - Horizon);
            }
        }

        if (Interlocked.Increment(ref _claimsSinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _claimsSinceSweep, 0);
            foreach (var pair in _slots)
            {
                // A claim added to a slot just dropped is lost: claims only steer, so that costs nothing but accuracy.
                if (pair.Value.NewestAt <= now - Horizon)
                {
                    _slots.TryRemove(pair);
                }
            }
        }
    }

    /// <summary>The claims of one slot, oldest first, each with the units claimed before it (sums by binary search).</summary>
    private sealed class SlotClaims
    {
        private readonly List<(DateTimeOffset At, long Before)> _claims = [];
        private readonly Lock _lock = new();
        private int _head;
        private long _total;

        public void Add(DateTimeOffset at, int units, DateTimeOffset oldest)
        {
            lock (_lock)
            {
                while (_head < _claims.Count && _claims[_head].At <= oldest)
                {
                    _head++;
                }

                if (_head > 64 && _head * 2 > _claims.Count)
                {
                    _claims.RemoveRange(0, _head);
                    _head = 0;
                }

                _claims.Add((at, _total));
                _total += units;
            }
        }

        public DateTimeOffset NewestAt
        {
            get
            {
                lock (_lock)
                {
                    return _claims.Count > 0 ? _claims[^1].At : DateTimeOffset.MinValue;
                }
            }
        }

        public int UnitsAfter(DateTimeOffset since)
        {
            lock (_lock)
            {
                int low = _head, high = _claims.Count;
                while (low < high)
                {
                    var middle = (low + high) >>> 1;
                    if (_claims[middle].At > since)
                    {
                        high = middle;
                    }
                    else
                    {
                        low = middle + 1;
                    }
                }

                return low == _claims.Count ? 0 : (int)Math.Min(int.MaxValue, _total - _claims[low].Before);
            }
        }
    }
}
