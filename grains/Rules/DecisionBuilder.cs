using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>
/// Accumulates the actions of matching rules in precedence order: single-valued settings keep the first value set,
/// sets are unions, priority keeps the highest level, any hold holds.
/// </summary>
public sealed class DecisionBuilder
{
    private readonly List<string> _matched = [];
    private List<string>? _holds;
    private List<string>? _inserts;
    private List<string>? _tags;
    private List<string>? _excluded;
    private List<string>? _preferred;
    private int _priority = -1;
    private bool _blockMerge;
    private bool _shipTogether;
    private double? _bonus;
    private int? _maxShipments;
    private int? _slaHours;
    private double? _slaConfidence;
    private ShippingSpeed? _service;
    private string? _carrier;
    private double? _confidence;
    private double? _transit;
    private double? _cost;
    private double? _split;
    private double? _saturation;
    private double? _carbon;

    public void Matched(string rule) => _matched.Add(rule);

    public void Weights(double? transit, double? cost, double? split, double? saturation, double? carbon)
    {
        _transit ??= transit;
        _cost ??= cost;
        _split ??= split;
        _saturation ??= saturation;
        _carbon ??= carbon;
    }

    public void Exclude(string[] warehouses) => AddAll(ref _excluded, warehouses);

    public void Prefer(string[] warehouses, double bonus)
    {
        AddAll(ref _preferred, warehouses);
        _bonus ??= bonus;
    }

    public void MaxShipments(int shipments) => _maxShipments ??= shipments;

    public void ShipTogether() => _shipTogether = true;

    public void Sla(int hours, double? confidence)
    {
        _slaHours ??= hours;
        _slaConfidence ??= confidence;
    }

    public void Priority(int level) => _priority = Math.Max(_priority, level);

    public void Hold(string reason) => Add(ref _holds, reason);

    public void Insert(string item) => Add(ref _inserts, item);

    public void BlockMerge() => _blockMerge = true;

    public void Service(ShippingSpeed service, string? carrier)
    {
        _service ??= service;
        _carrier ??= carrier;
    }

    public void Confidence(double target) => _confidence ??= target;

    public void Tag(string[] tags) => AddAll(ref _tags, tags);

    public RuleDecision Build(int versionId) => new(
        versionId,
        [.. _matched],
        _priority < 0 ? RuleDecision.DefaultPriority : _priority,
        _holds is null ? [] : [.. _holds],
        _blockMerge,
        _inserts is null ? [] : [.. _inserts],
        _tags is null ? [] : [.. _tags],
        _excluded is null ? [] : [.. _excluded],
        _preferred is null ? [] : [.. _preferred],
        _bonus,
        _maxShipments,
        _shipTogether,
        _slaHours,
        _slaConfidence,
        _service,
        _carrier,
        _confidence,
        _transit,
        _cost,
        _split,
        _saturation,
        _carbon);

    private static void AddAll(ref List<string>? list, string[] values)
    {
        foreach (var value in values)
        {
            Add(ref list, value);
        }
    }

    private static void Add(ref List<string>? list, string value)
    {
        list ??= new List<string>(2);
        if (!list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }
}
