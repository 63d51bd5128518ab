using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.Rules.Sandbox;

/// <summary>
/// The in-memory inventory and warehouses a replay runs on: available units per SKU and warehouse, on hand and next
/// inbound (for stock rules), warehouse snapshots whose backlog grows as the replay allocates. Each leg of a run works
/// on its own <see cref="Clone"/>; nothing here refers to live grains.
/// </summary>
public sealed class SandboxWorld
{
    private readonly Dictionary<string, Dictionary<string, int>> _available;
    private readonly Dictionary<string, (int OnHand, DateOnly? Inbound)> _facts;

    // Availability lists per SKU as routing reads them, rebuilt only after stock of that SKU was taken.
    private readonly Dictionary<string, IReadOnlyList<SkuAvailability>> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<SkuAvailability>> _request = new(StringComparer.Ordinal);

    public SandboxWorld(IReadOnlyList<WarehouseSnapshot> warehouses, IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> stock)
    {
        ArgumentNullException.ThrowIfNull(warehouses);
        ArgumentNullException.ThrowIfNull(stock);
        Warehouses = [.. warehouses];
        _available = new Dictionary<string, Dictionary<string, int>>(stock.Count, StringComparer.Ordinal);
        _facts = new Dictionary<string, (int, DateOnly?)>(stock.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (sku, entries) in stock)
        {
            var perWarehouse = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
            var onHand = 0;
            DateOnly? inbound = null;
            foreach (var entry in entries)
            {
                perWarehouse[entry.WarehouseId] = Math.Max(0, entry.Available);
                onHand += Math.Max(0, entry.OnHand);
                if (entry.ExpectedInbound is { Quantity: > 0 } next && (inbound is null || next.ExpectedOn < inbound))
                {
                    inbound = next.ExpectedOn;
                }
            }

            _available[sku] = perWarehouse;
            _facts[sku] = (onHand, inbound);
        }
    }

    private SandboxWorld(SandboxWorld other)
    {
        Warehouses = [.. other.Warehouses];
        _available = other._available.ToDictionary(e => e.Key, e => new Dictionary<string, int>(e.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        _facts = other._facts;
    }

    /// <summary>Warehouse snapshots, as the replay changes them (backlog, status).</summary>
    public WarehouseSnapshot[] Warehouses { get; }

    public SandboxWorld Clone() => new(this);

    /// <summary>Total available units (for the result's sanity checks and tests).</summary>
    public long TotalAvailable => _available.Values.Sum(w => w.Values.Sum(v => (long)v));

    /// <summary>
    /// Availability of <paramref name="skus"/> in the routing engine's shape. The dictionary returned is reused by the
    /// next call (the engine does not keep it), and so are the lists of SKUs whose stock has not changed since.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SkuAvailability>> Availability(IEnumerable<string> skus, DateTimeOffset at)
    {
        _request.Clear();
        foreach (var sku in skus)
        {
            if (_request.ContainsKey(sku) || !_available.TryGetValue(sku, out var perWarehouse))
            {
                continue;
            }

            if (!_lists.TryGetValue(sku, out var list))
            {
                var built = new List<SkuAvailability>(perWarehouse.Count);
                foreach (var (warehouse, units) in perWarehouse)
                {
                    if (units > 0)
                    {
                        built.Add(new SkuAvailability(warehouse, units, units, null, at));
                    }
                }

                _lists[sku] = list = built;
            }

            _request[sku] = list;
        }

        return _request;
    }

    /// <summary>Stock facts (for stock rules) of <paramref name="skus"/>.</summary>
    public Dictionary<string, StockFact> StockFacts(IEnumerable<string> skus)
    {
        var facts = new Dictionary<string, StockFact>(StringComparer.OrdinalIgnoreCase);
        foreach (var sku in skus)
        {
            var available = _available.TryGetValue(sku, out var perWarehouse) ? perWarehouse.Values.Sum() : 0;
            var (onHand, inbound) = _facts.GetValueOrDefault(sku);
            facts[sku] = new StockFact(available, Math.Max(onHand, available), inbound);
        }

        return facts;
    }

    /// <summary>Takes units of a SKU at a warehouse and adds them to the warehouse's backlog.</summary>
    public void Take(string sku, string warehouseId, int units)
    {
        if (_available.TryGetValue(sku, out var perWarehouse) && perWarehouse.TryGetValue(warehouseId, out var left))
        {
            perWarehouse[warehouseId] = Math.Max(0, left - units);
            _lists.Remove(sku);
        }

        var index = IndexOf(warehouseId);
        if (index >= 0)
        {
            Warehouses[index] = Warehouses[index] with { BacklogUnits = Warehouses[index].BacklogUnits + units };
        }
    }

    /// <summary>A warehouse stops taking allocations.</summary>
    public void TakeOffline(string warehouseId, string reason)
    {
        var index = IndexOf(warehouseId);
        if (index >= 0)
        {
            Warehouses[index] = Warehouses[index] with { Status = WarehouseStatus.Offline, StatusReason = reason };
        }
    }

    public int IndexOf(string warehouseId) => Array.FindIndex(Warehouses, w => w.Profile.WarehouseId == warehouseId);
}
