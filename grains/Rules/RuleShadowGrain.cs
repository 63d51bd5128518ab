using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>Stored counts of a shadow version.</summary>
public sealed class RuleShadowState
{
    public long Evaluated { get; set; }

    public long Differing { get; set; }

    public Dictionary<string, long> BySetting { get; set; } = new(StringComparer.Ordinal);

    public List<ShadowObservation> Recent { get; set; } = [];
}

/// <summary>
/// Counts what a shadow version would have decided (<c>rule-shadow/{versionId}</c>) and keeps the latest differing
/// orders. Written at most once a second (and on deactivation): counts are statistics, not order state.
/// </summary>
[GrainType("rule-shadow")]
public sealed class RuleShadowGrain(
    [PersistentState("rule-shadow")] IPersistentState<RuleShadowState> store,
    ILogger<RuleShadowGrain> logger) : Grain, IRuleShadowGrain
{
    private const int KeptRecent = 100;

    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public Task Record(ShadowObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var state = store.State;
        state.Evaluated++;
        if (observation.Differences.Count > 0)
        {
            state.Differing++;
            foreach (var difference in observation.Differences)
            {
                var setting = difference.Split(':', 2)[0];
                state.BySetting[setting] = state.BySetting.GetValueOrDefault(setting) + 1;
            }

            state.Recent.Add(observation);
            if (state.Recent.Count > KeptRecent)
            {
                state.Recent.RemoveAt(0);
            }

            RulesLog.ShadowDiffers(logger, observation.ShadowVersion, observation.OrderId, observation.DecidingVersion, string.Join("; ", observation.Differences));
        }

        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<ShadowReport> GetReport()
    {
        var state = store.State;
        return Task.FromResult(new ShadowReport(
            int.TryParse(GetPrimaryKeyString(), out var version) ? version : 0,
            state.Evaluated,
            state.Differing,
            new Dictionary<string, long>(state.BySetting, StringComparer.Ordinal),
            [.. state.Recent.AsEnumerable().Reverse()]));
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        await store.WriteStateAsync(cancellationToken);
        _dirty = false;
    }
}
