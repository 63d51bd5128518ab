namespace OrderGrains.Interfaces.Rules;

/// <summary>Lifecycle of a rule set version: draft, validated, active; a version replaced by another is retired.</summary>
public enum RuleSetVersionStatus
{
    Draft,
    Validated,
    Active,
    Retired,
}

/// <summary>A version as lists show it.</summary>
/// <param name="VersionId">1, 2, 3... in creation order.</param>
/// <param name="Name">The rule set's name.</param>
/// <param name="Status">Lifecycle status.</param>
/// <param name="Author">Who created it.</param>
/// <param name="Comment">Why.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ValidatedAt">When it was validated.</param>
/// <param name="ActivatedAt">When it was last activated.</param>
/// <param name="EffectiveFrom">Start of its effective window (last activation), if any.</param>
/// <param name="EffectiveUntil">End of its effective window (last activation), if any.</param>
/// <param name="Rules">Number of rules.</param>
/// <param name="IsCanary">It is the canary version.</param>
/// <param name="IsShadow">It is the shadow version.</param>
public sealed record RuleSetVersionSummary(
    int VersionId,
    string Name,
    RuleSetVersionStatus Status,
    string Author,
    string? Comment,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ValidatedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? EffectiveFrom,
    DateTimeOffset? EffectiveUntil,
    int Rules,
    bool IsCanary,
    bool IsShadow);

/// <summary>A version with its JSON text (exactly as submitted) and the problems validation found.</summary>
public sealed record RuleSetVersionView(RuleSetVersionSummary Summary, string Json, IReadOnlyList<RuleSetProblem> Problems);

/// <summary>One entry of the rule set's audit trail.</summary>
/// <param name="At">When.</param>
/// <param name="Action">created, validated, activated, rolled-back, canary-set, canary-cleared, shadow-set, shadow-cleared.</param>
/// <param name="VersionId">The version concerned.</param>
/// <param name="Author">Who.</param>
/// <param name="Comment">Why (or the settings, for canary).</param>
public sealed record RuleSetHistoryEntry(DateTimeOffset At, string Action, int VersionId, string Author, string? Comment);

/// <summary>A canary: a version used for a share of customers (stable per customer) and for whole channels.</summary>
public sealed record CanarySettings(int VersionId, double Percent, IReadOnlyList<string> Channels, string Author, DateTimeOffset Since);

/// <summary>Where the rule set stands: the active, canary and shadow versions, every version and the audit trail.</summary>
/// <param name="ActiveVersion">The version of the latest activation (it decides while its window contains now).</param>
/// <param name="Canary">The canary, if any.</param>
/// <param name="ShadowVersion">The version evaluated in shadow mode, if any.</param>
/// <param name="Stamp">Grows with every change; silos poll it to pick up changes.</param>
/// <param name="Versions">Every version, newest first.</param>
/// <param name="History">The audit trail, newest first.</param>
public sealed record RuleSetOverview(
    int? ActiveVersion,
    CanarySettings? Canary,
    int? ShadowVersion,
    long Stamp,
    IReadOnlyList<RuleSetVersionSummary> Versions,
    IReadOnlyList<RuleSetHistoryEntry> History);

/// <summary>A version as silos receive it to compile.</summary>
public sealed record DeployedVersion(int VersionId, string Json, DateTimeOffset? EffectiveFrom, DateTimeOffset? EffectiveUntil);

/// <summary>
/// What silos run: <paramref name="Active"/> lists activated versions, latest activation first; an order uses the first
/// whose window contains its time. The canary replaces it for its share of customers and its channels; the shadow
/// is evaluated alongside without acting.
/// </summary>
public sealed record RuleSetDeployment(
    long Stamp,
    IReadOnlyList<DeployedVersion> Active,
    DeployedVersion? Canary,
    double CanaryPercent,
    IReadOnlyList<string> CanaryChannels,
    DeployedVersion? Shadow);

/// <summary>A difference between two versions.</summary>
/// <param name="Kind">added, removed or changed.</param>
/// <param name="Path">The rule (<c>group/rule</c>), group or rule-set setting concerned.</param>
/// <param name="Before">Its JSON in the first version (null if added).</param>
/// <param name="After">Its JSON in the second version (null if removed).</param>
public sealed record RuleChange(string Kind, string Path, string? Before, string? After);

/// <summary>The differences between two versions, rule by rule.</summary>
public sealed record RuleSetDiff(int FromVersion, int ToVersion, IReadOnlyList<RuleChange> Changes);

/// <summary>A shadow evaluation: what the shadow version would have decided for a live order, next to what decided.</summary>
public sealed record ShadowObservation(
    string OrderId,
    string CustomerId,
    int DecidingVersion,
    int ShadowVersion,
    IReadOnlyList<string> ShadowMatched,
    IReadOnlyList<string> Differences,
    DateTimeOffset At);

/// <summary>Counts of a shadow version's evaluations, by differing setting, with the latest differing orders.</summary>
public sealed record ShadowReport(
    int ShadowVersion,
    long Evaluated,
    long Differing,
    IReadOnlyDictionary<string, long> DifferencesBySetting,
    IReadOnlyList<ShadowObservation> Recent);
