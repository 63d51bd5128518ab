using System.Diagnostics.Metrics;

namespace OrderGrains.Grains.Rules;

/// <summary>Metrics of business rules (meter <c>OrderGrains.Rules</c>).</summary>
public sealed class RulesMetrics
{
    public const string MeterName = "OrderGrains.Rules";

    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _shadow;
    private readonly Counter<long> _shadowDiffering;
    private readonly Counter<long> _compilations;

    public RulesMetrics(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _evaluations = meter.CreateCounter<long>("ordergrains.rules.evaluations", description: "Orders decided by a rule set version, by version and route (active or canary).");
        _shadow = meter.CreateCounter<long>("ordergrains.rules.shadow_evaluations", description: "Live orders evaluated by the shadow version.");
        _shadowDiffering = meter.CreateCounter<long>("ordergrains.rules.shadow_differing", description: "Shadow evaluations that would have decided differently.");
        _compilations = meter.CreateCounter<long>("ordergrains.rules.compilations", description: "Rule set versions compiled on this silo.");
    }

    public void Evaluated(int version, string via) =>
        _evaluations.Add(1, new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("via", via));

    public void Shadow(int version, bool differs)
    {
        _shadow.Add(1, new KeyValuePair<string, object?>("version", version));
        if (differs)
        {
            _shadowDiffering.Add(1, new KeyValuePair<string, object?>("version", version));
        }
    }

    public void Compiled() => _compilations.Add(1);
}
