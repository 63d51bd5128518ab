using System.Globalization;
using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>
/// The rule set's versions (<c>rule-set/default</c>). Every change validates first, then changes the state and bumps
/// the stamp in one durable write; silos see the new stamp on their next poll (<see cref="RuleSetCache"/>).
/// </summary>
[GrainType("rule-set")]
public sealed class RuleSetGrain(
    [PersistentState("rule-set")] IPersistentState<RuleSetState> store,
    TimeProvider time,
    ILogger<RuleSetGrain> logger) : Grain, IRuleSetGrain
{
    /// <summary>Most versions kept.</summary>
    public const int MaxVersions = 200;

    private const int KeptHistory = 500;
    private const int MaxComment = 500;

    private RuleSetState State => store.State;

    public async Task<RuleSetVersionView> CreateDraft(string json, string author, string? comment)
    {
        CheckActor(author, comment);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new DomainException("rules.invalid", "The rule set text is empty.");
        }

        if (State.Versions.Count >= MaxVersions)
        {
            throw new DomainException("rules.limit-reached", $"At most {MaxVersions} versions are kept.");
        }

        var (document, validation) = RuleSetJson.Parse(json);
        var version = new StoredRuleVersion
        {
            VersionId = State.Versions.Count == 0 ? 1 : State.Versions.Max(v => v.VersionId) + 1,
            Name = document?.Name ?? "(unreadable)",
            Json = json,
            Status = RuleSetVersionStatus.Draft,
            Author = author,
            Comment = comment,
            CreatedAt = time.GetUtcNow(),
            Rules = document?.Groups.Sum(g => g.Rules.Count) ?? 0,
            Problems = [.. validation.Problems],
        };
        State.Versions.Add(version);
        Audit("created", version.VersionId, author, comment);
        await SaveAsync();
        RulesLog.VersionCreated(logger, version.VersionId, author, validation.Problems.Count);
        return View(version);
    }

    public async Task<RuleSetVersionView> Validate(int versionId, string author)
    {
        CheckActor(author, null);
        var version = Find(versionId);
        if (version.Status != RuleSetVersionStatus.Draft)
        {
            return View(version);
        }

        var (document, validation) = RuleSetJson.Parse(version.Json);
        if (document is not null && validation.IsValid)
        {
            // Compiling proves the version runs (and surfaces anything validation let through).
            RuleCompiler.Compile(document, version.VersionId);
            version.Status = RuleSetVersionStatus.Validated;
            version.ValidatedAt = time.GetUtcNow();
            version.Problems = [.. validation.Problems];
            Audit("validated", versionId, author, null);
            await SaveAsync();
        }

        return View(version);
    }

    public async Task<RuleSetOverview> Activate(int versionId, string author, string? comment, DateTimeOffset? effectiveFrom, DateTimeOffset? effectiveUntil)
    {
        CheckActor(author, comment);
        var version = Find(versionId);
        RequireRunnable(version, "Activate");
        if (effectiveFrom is { } from && effectiveUntil is { } until && until <= from)
        {
            throw new DomainException("rules.invalid", "effectiveUntil must be after effectiveFrom.");
        }

        SetActive(version, effectiveFrom, effectiveUntil);
        Audit("activated", versionId, author, Window(comment, effectiveFrom, effectiveUntil));
        await SaveAsync();
        RulesLog.Activated(logger, versionId, author, "activate");
        return Overview();
    }

    public async Task<RuleSetOverview> Rollback(int versionId, string author, string? comment)
    {
        CheckActor(author, comment);
        var version = Find(versionId);
        RequireRunnable(version, "Rollback");
        SetActive(version, null, null);
        Audit("rolled-back", versionId, author, comment);
        await SaveAsync();
        RulesLog.Activated(logger, versionId, author, "rollback");
        return Overview();
    }

    public async Task<RuleSetOverview> SetCanary(int versionId, double percent, IReadOnlyList<string> channels, string author, string? comment)
    {
        CheckActor(author, comment);
        var version = Find(versionId);
        RequireRunnable(version, "SetCanary");
        channels ??= [];
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
        {
            throw new DomainException("rules.invalid", "A canary percentage is between 0 and 100.");
        }

        if (percent == 0 && channels.Count == 0)
        {
            throw new DomainException("rules.invalid", "A canary needs a percentage above 0 or at least one channel.");
        }

        if (channels.Count > 50 || channels.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 100))
        {
            throw new DomainException("rules.invalid", "Canary channels are 1-50 names of 1-100 characters.");
        }

        if (ActiveId() == versionId)
        {
            throw new DomainException("rules.invalid-transition", $"Version {versionId} is already active for everyone.");
        }

        State.Canary = new CanarySettings(versionId, percent, [.. channels.Select(c => c.Trim())], author, time.GetUtcNow());
        Audit("canary-set", versionId, author, string.Create(CultureInfo.InvariantCulture, $"{percent} % of customers; channels: {(channels.Count == 0 ? "none" : string.Join(",", channels))}{(comment is null ? string.Empty : "; " + comment)}"));
        await SaveAsync();
        return Overview();
    }

    public async Task<RuleSetOverview> ClearCanary(string author)
    {
        CheckActor(author, null);
        if (State.Canary is { } canary)
        {
            State.Canary = null;
            Audit("canary-cleared", canary.VersionId, author, null);
            await SaveAsync();
        }

        return Overview();
    }

    public async Task<RuleSetOverview> SetShadow(int versionId, string author)
    {
        CheckActor(author, null);
        RequireRunnable(Find(versionId), "SetShadow");
        State.Shadow = versionId;
        Audit("shadow-set", versionId, author, null);
        await SaveAsync();
        return Overview();
    }

    public async Task<RuleSetOverview> ClearShadow(string author)
    {
        CheckActor(author, null);
        if (State.Shadow is { } shadow)
        {
            State.Shadow = null;
            Audit("shadow-cleared", shadow, author, null);
            await SaveAsync();
        }

        return Overview();
    }

    public async Task<RuleSetOverview> SeedDefault(string json, string author)
    {
        if (State.Versions.Count > 0)
        {
            return Overview();
        }

        var draft = await CreateDraft(json, author, "default rule set");
        var validated = await Validate(draft.Summary.VersionId, author);
        if (validated.Summary.Status != RuleSetVersionStatus.Validated)
        {
            throw new DomainException("rules.invalid", $"The default rule set is not valid: {(validated.Problems.Count > 0 ? validated.Problems[0].Message : "unknown")}");
        }

        return await Activate(draft.Summary.VersionId, author, "default rule set", null, null);
    }

    public Task<RuleSetOverview> GetOverview() => Task.FromResult(Overview());

    public Task<RuleSetVersionView?> GetVersion(int versionId) =>
        Task.FromResult(State.Versions.Find(v => v.VersionId == versionId) is { } version ? View(version) : null);

    public Task<RuleSetDiff> Diff(int fromVersion, int toVersion)
    {
        var a = RuleSetJson.Parse(Find(fromVersion).Json).Document;
        var b = RuleSetJson.Parse(Find(toVersion).Json).Document;
        if (a is null || b is null)
        {
            throw new DomainException("rules.invalid", $"Version {(a is null ? fromVersion : toVersion)} cannot be read as a rule set, so it cannot be compared.");
        }

        return Task.FromResult(new RuleSetDiff(fromVersion, toVersion, RuleSetDiffer.Diff(a, b)));
    }

    public Task<long> GetStamp() => Task.FromResult(State.Stamp);

    public Task<RuleSetDeployment> GetDeployment()
    {
        var active = new List<DeployedVersion>();
        for (var i = State.Activations.Count - 1; i >= 0 && active.Count < 10; i--)
        {
            var activation = State.Activations[i];
            if (!active.Exists(a => a.VersionId == activation.VersionId))
            {
                active.Add(new DeployedVersion(activation.VersionId, Find(activation.VersionId).Json, activation.EffectiveFrom, activation.EffectiveUntil));
            }
        }

        var canary = State.Canary is { } c ? new DeployedVersion(c.VersionId, Find(c.VersionId).Json, null, null) : null;
        var shadow = State.Shadow is { } s ? new DeployedVersion(s, Find(s).Json, null, null) : null;
        return Task.FromResult(new RuleSetDeployment(State.Stamp, active, canary, State.Canary?.Percent ?? 0, State.Canary?.Channels ?? [], shadow));
    }

    private void SetActive(StoredRuleVersion version, DateTimeOffset? from, DateTimeOffset? until)
    {
        var now = time.GetUtcNow();
        foreach (var other in State.Versions.Where(v => v.Status == RuleSetVersionStatus.Active))
        {
            other.Status = RuleSetVersionStatus.Retired;
        }

        version.Status = RuleSetVersionStatus.Active;
        version.ActivatedAt = now;
        State.Activations.Add(new StoredActivation(version.VersionId, now, from, until));
        if (State.Canary?.VersionId == version.VersionId)
        {
            // Promoted: the canary is everyone now.
            State.Canary = null;
        }
    }

    private static void RequireRunnable(StoredRuleVersion version, string command)
    {
        if (version.Status == RuleSetVersionStatus.Draft)
        {
            throw new DomainException("rules.invalid-transition", $"{command} needs a validated version; version {version.VersionId} is a draft (validate it first).");
        }
    }

    private static void CheckActor(string author, string? comment)
    {
        if (string.IsNullOrWhiteSpace(author) || author.Length > 200)
        {
            throw new DomainException("rules.invalid", "Every change needs an author (1-200 characters).");
        }

        if (comment is { Length: > MaxComment })
        {
            throw new DomainException("rules.invalid", $"A comment is at most {MaxComment} characters.");
        }
    }

    private StoredRuleVersion Find(int versionId) =>
        State.Versions.Find(v => v.VersionId == versionId) ?? throw new DomainException("rules.not-found", $"Rule set version {versionId} does not exist.");

    private int? ActiveId() => State.Activations.Count == 0 ? null : State.Activations[^1].VersionId;

    private void Audit(string action, int versionId, string author, string? comment)
    {
        State.History.Add(new RuleSetHistoryEntry(time.GetUtcNow(), action, versionId, author, comment));
        if (State.History.Count > KeptHistory)
        {
            State.History.RemoveRange(0, State.History.Count - KeptHistory);
        }
    }

    private async Task SaveAsync()
    {
        State.Stamp++;
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // Memory no longer matches storage: read it again on the next call.
            DeactivateOnIdle();
            throw;
        }
    }

    private static string? Window(string? comment, DateTimeOffset? from, DateTimeOffset? until) =>
        from is null && until is null ? comment : $"{comment}{(comment is null ? string.Empty : "; ")}effective {from?.ToString("u", CultureInfo.InvariantCulture) ?? "now"} - {until?.ToString("u", CultureInfo.InvariantCulture) ?? "open"}";

    private RuleSetOverview Overview() => new(
        ActiveId(),
        State.Canary,
        State.Shadow,
        State.Stamp,
        [.. State.Versions.OrderByDescending(v => v.VersionId).Select(Summary)],
        [.. State.History.AsEnumerable().Reverse()]);

    private RuleSetVersionView View(StoredRuleVersion version) => new(Summary(version), version.Json, [.. version.Problems]);

    private RuleSetVersionSummary Summary(StoredRuleVersion v)
    {
        var last = State.Activations.FindLast(a => a.VersionId == v.VersionId);
        return new RuleSetVersionSummary(
            v.VersionId, v.Name, v.Status, v.Author, v.Comment, v.CreatedAt, v.ValidatedAt, v.ActivatedAt, last?.EffectiveFrom, last?.EffectiveUntil, v.Rules,
            State.Canary?.VersionId == v.VersionId, State.Shadow == v.VersionId);
    }
}
