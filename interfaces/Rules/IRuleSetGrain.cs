namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// The versions of the business rule set (<c>rule-set/default</c>), stored in the database: drafts, validation,
/// activation with effective windows, one-call rollback, canary and shadow. Versions are immutable: a change is a new
/// draft. Refusals throw <see cref="DomainException"/> (<c>rules.not-found</c>, <c>rules.invalid</c>,
/// <c>rules.invalid-transition</c>, <c>rules.limit-reached</c>) and change nothing.
/// </summary>
public interface IRuleSetGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="json"/> as a new draft version (with the problems validation finds, if any).</summary>
    Task<RuleSetVersionView> CreateDraft(string json, string author, string? comment);

    /// <summary>Validates a draft: without errors it becomes validated; the view lists every problem either way.</summary>
    Task<RuleSetVersionView> Validate(int versionId, string author);

    /// <summary>Activates a validated (or formerly active) version, optionally within an effective window.</summary>
    Task<RuleSetOverview> Activate(int versionId, string author, string? comment, DateTimeOffset? effectiveFrom, DateTimeOffset? effectiveUntil);

    /// <summary>Makes any earlier validated or retired version active again, in one call (no window).</summary>
    Task<RuleSetOverview> Rollback(int versionId, string author, string? comment);

    /// <summary>Uses a validated version for <paramref name="percent"/> % of customers and for the given channels.</summary>
    Task<RuleSetOverview> SetCanary(int versionId, double percent, IReadOnlyList<string> channels, string author, string? comment);

    Task<RuleSetOverview> ClearCanary(string author);

    /// <summary>Evaluates a validated version alongside on live orders without acting.</summary>
    Task<RuleSetOverview> SetShadow(int versionId, string author);

    Task<RuleSetOverview> ClearShadow(string author);

    /// <summary>When the rule set has no version yet: stores, validates and activates <paramref name="json"/> (idempotent).</summary>
    Task<RuleSetOverview> SeedDefault(string json, string author);

    [ReadOnly]
    Task<RuleSetOverview> GetOverview();

    [ReadOnly]
    Task<RuleSetVersionView?> GetVersion(int versionId);

    /// <summary>Rule-by-rule differences from <paramref name="fromVersion"/> to <paramref name="toVersion"/>.</summary>
    [ReadOnly]
    Task<RuleSetDiff> Diff(int fromVersion, int toVersion);

    /// <summary>The change stamp (cheap; silos poll it).</summary>
    [ReadOnly]
    Task<long> GetStamp();

    [ReadOnly]
    Task<RuleSetDeployment> GetDeployment();
}

/// <summary>Counts and recent would-be decisions of a shadow version (<c>rule-shadow/{versionId}</c>).</summary>
public interface IRuleShadowGrain : IGrainWithStringKey
{
    Task Record(ShadowObservation observation);

    [ReadOnly]
    Task<ShadowReport> GetReport();
}

/// <summary>Keys of the rules grains.</summary>
public static class RuleKeys
{
    /// <summary>The rule set grain's key.</summary>
    public const string RuleSet = "default";
}
