using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>
/// The rule set as this silo runs it. Change propagation is a version-stamp poll: a caller that finds the last check
/// older than <see cref="PollInterval"/> (250 ms) asks the rule set grain for its stamp (one cheap read-only call; one
/// poll in flight per silo, others wait for it) and, when it changed, fetches the deployment and compiles the
/// versions it has not compiled yet (each version is compiled once per silo). So any silo that places an order sees a
/// change at most 250 ms plus one call after it is stored. If the grain cannot be reached, the silo keeps what it has.
/// </summary>
public sealed class RuleSetCache(IGrainFactory grains, TimeProvider time, RulesMetrics metrics, ILogger<RuleSetCache> logger)
{
    /// <summary>How old the last stamp check may be before a caller checks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<int, CompiledRuleSet> _compiled = new();
    private readonly Lock _gate = new();
    private RuleSetSnapshot _snapshot = RuleSetSnapshot.Empty;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private Task<RuleSetSnapshot>? _refreshing;

    /// <summary>The current snapshot, refreshed first when the last check is older than <see cref="PollInterval"/>.</summary>
    public Task<RuleSetSnapshot> GetAsync()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _checkedAt < PollInterval && now >= _checkedAt)
            {
                return Task.FromResult(_snapshot);
            }

            // Off the caller's activation: the refresh serves every grain of the silo.
            return _refreshing ??= Task.Run(RefreshAsync);
        }
    }

    /// <summary>Compiles (or returns the compiled) version.</summary>
    public CompiledRuleSet Compile(DeployedVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _compiled.GetOrAdd(version.VersionId, static (id, state) =>
        {
            state.metrics.Compiled();
            return RuleCompiler.Compile(state.json, id);
        }, (json: version.Json, metrics));
    }

    private async Task<RuleSetSnapshot> RefreshAsync()
    {
        var current = _snapshot;
        try
        {
            var registry = grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);
            var stamp = await registry.GetStamp().ConfigureAwait(false);
            if (stamp != current.Stamp)
            {
                current = Build(await registry.GetDeployment().ConfigureAwait(false));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            RulesLog.RefreshFailed(logger, current.Stamp, exception);
        }

        lock (_gate)
        {
            _snapshot = current;
            _checkedAt = time.GetUtcNow();
            _refreshing = null;
        }

        return current;
    }

    private RuleSetSnapshot Build(RuleSetDeployment deployment)
    {
        var active = new List<ActiveRuleSet>(deployment.Active.Count);
        foreach (var version in deployment.Active)
        {
            if (TryCompile(version) is { } compiled)
            {
                active.Add(new ActiveRuleSet(compiled, version.EffectiveFrom, version.EffectiveUntil));
            }
        }

        var canary = deployment.Canary is { } c ? TryCompile(c) : null;
        var shadow = deployment.Shadow is { } s ? TryCompile(s) : null;
        var snapshot = new RuleSetSnapshot(deployment.Stamp, active, canary, deployment.CanaryPercent, [.. deployment.CanaryChannels], shadow);
        RulesLog.Deployed(logger, deployment.Stamp, active.Count > 0 ? $"v{active[0].Rules.VersionId}" : "none", canary is null ? "none" : $"v{canary.VersionId} ({deployment.CanaryPercent} %)", shadow is null ? "none" : $"v{shadow.VersionId}");
        return snapshot;
    }

    private CompiledRuleSet? TryCompile(DeployedVersion version)
    {
        try
        {
            return Compile(version);
        }
        catch (DomainException exception)
        {
            RulesLog.CompileFailed(logger, version.VersionId, exception);
            return null;
        }
    }
}
