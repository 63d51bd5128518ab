using OrderGrains.Interfaces.Rules;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Activation of a version, optionally within an effective window.</summary>
public sealed record RuleActivationRequest(string? Comment = null, DateTimeOffset? EffectiveFrom = null, DateTimeOffset? EffectiveUntil = null);

/// <summary>Rollback to an earlier version.</summary>
public sealed record RuleRollbackRequest(int? Version, string? Comment = null);

/// <summary>A canary: a version for a percentage of customers and/or whole channels.</summary>
public sealed record RuleCanaryRequest(int? Version, double Percent = 0, IReadOnlyList<string>? Channels = null, string? Comment = null);

/// <summary>A shadow version.</summary>
public sealed record RuleShadowRequest(int? Version);

/// <summary>The outcome of a dry-run validation.</summary>
public sealed record RuleValidationResponse(bool Valid, IReadOnlyList<RuleSetProblem> Problems);

/// <summary>A started sandbox run: its id and progress (poll <c>/rules/sandbox/{runId}</c>).</summary>
public sealed record SandboxStartedResponse(string RunId, SandboxProgress Progress);
