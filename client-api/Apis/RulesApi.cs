using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Rules;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// Business rules as versioned data: schema, versions (draft, validate, activate, rollback), canary, shadow, diff and
/// sandbox runs. Changes need operations or admin; viewers read. A rule set is sent as the raw JSON body, so problems
/// point at lines of the text the author wrote.
/// </summary>
public static partial class RulesApi
{
    /// <summary>Maps the rules endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapRulesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var rules = api.MapGroup("/rules").WithTags("Rules");
        rules.MapGet("/schema", GetSchema).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("GetRuleSetSchema").WithSummary("The JSON Schema of rule sets.");
        rules.MapGet("/", GetOverview).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("GetRuleSets").WithSummary("Active, canary and shadow versions, every version (newest first) and the audit trail.");
        rules.MapPost("/validate", ValidateText).RequireAuthorization(ApiPolicies.RulesRead).Accepts<RuleSetDocument>("application/json")
            .WithName("ValidateRuleSet").WithSummary("Validates a rule set (raw JSON body) without storing it: problems with path, line and field.");
        rules.MapPost("/versions", CreateDraft).RequireAuthorization(ApiPolicies.RulesWrite).Accepts<RuleSetDocument>("application/json")
            .WithName("CreateRuleSetDraft").WithSummary("Stores a rule set (raw JSON body; ?comment=...) as a new draft version; unreadable JSON is refused with its line.");
        rules.MapGet("/versions/{version:int}", GetVersion).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("GetRuleSetVersion").WithSummary("One version: status, author, comment, times, its JSON exactly as submitted, its problems.");
        rules.MapPost("/versions/{version:int}/validate", Validate).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("ValidateRuleSetVersion").WithSummary("Validates a draft; without errors it becomes validated, otherwise 422 lists the problems.");
        rules.MapPost("/versions/{version:int}/activate", Activate).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("ActivateRuleSetVersion").WithSummary("Activates a validated version (optionally from/until); every silo runs it within a second.");
        rules.MapPost("/rollback", Rollback).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("RollbackRuleSet").WithSummary("Makes an earlier validated or retired version active again, in one call.");
        rules.MapPut("/canary", SetCanary).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("SetRuleSetCanary").WithSummary("Uses a version for a percentage of customers (stable per customer) and/or given channels.");
        rules.MapDelete("/canary", ClearCanary).RequireAuthorization(ApiPolicies.RulesWrite).WithName("ClearRuleSetCanary");
        rules.MapPut("/shadow", SetShadow).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("SetRuleSetShadow").WithSummary("Evaluates a version alongside the deciding one on live orders, without acting; would-be decisions are counted.");
        rules.MapDelete("/shadow", ClearShadow).RequireAuthorization(ApiPolicies.RulesWrite).WithName("ClearRuleSetShadow");
        rules.MapGet("/shadow/{version:int}", GetShadowReport).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("GetRuleSetShadowReport").WithSummary("How often the shadow version would have decided differently, by setting, with the latest such orders.");
        rules.MapGet("/diff", Diff).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("DiffRuleSetVersions").WithSummary("Rule-by-rule differences between two versions (?from=1&to=2).");
        rules.MapPost("/sandbox", StartSandbox).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("StartRuleSandbox").WithSummary("Replays a generated flash sale or a history window against a candidate and a baseline version, on copies; never touches live state.");
        rules.MapGet("/sandbox/{runId}", GetSandboxProgress).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("GetRuleSandboxProgress").WithSummary("State, phase and orders processed of a sandbox run.");
        rules.MapGet("/sandbox/{runId}/result", GetSandboxResult).RequireAuthorization(ApiPolicies.RulesRead)
            .WithName("GetRuleSandboxResult").WithSummary("KPIs side by side and the orders whose decision changed (409 while running).");
        rules.MapPost("/sandbox/{runId}/cancel", CancelSandbox).RequireAuthorization(ApiPolicies.RulesWrite)
            .WithName("CancelRuleSandbox");
        return api;
    }

    /// <summary>The published JSON Schema.</summary>
    public static ContentHttpResult GetSchema() => TypedResults.Content(RuleSetSchema.Json, "application/schema+json", Encoding.UTF8);

    public static async Task<Ok<RuleSetOverview>> GetOverview(IGrainFactory grains) => TypedResults.Ok(await RuleSet(grains).GetOverview());

    public static async Task<Results<Ok<RuleValidationResponse>, ProblemHttpResult>> ValidateText(HttpRequest request)
    {
        var (text, problem) = await ReadRuleSetAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        var validation = RuleSetJson.Parse(text!).Validation;
        return TypedResults.Ok(new RuleValidationResponse(validation.IsValid, validation.Problems));
    }

    public static async Task<Results<Created<RuleSetVersionView>, ProblemHttpResult>> CreateDraft(
        HttpRequest request, string? comment, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var (text, problem) = await ReadRuleSetAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        var (document, validation) = RuleSetJson.Parse(text!);
        if (document is null)
        {
            return Invalid("The body is not a readable rule set.", validation.Problems);
        }

        var view = await RuleSet(grains).CreateDraft(text!, user.ClientId(), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
        loggers.CreateLogger(RulesApiLog.Category).Changed(user.ClientId(), "created", view.Summary.VersionId);
        return TypedResults.Created($"{ApiHostingExtensions.V1}/rules/versions/{view.Summary.VersionId}", view);
    }

    public static async Task<Results<Ok<RuleSetVersionView>, ProblemHttpResult>> GetVersion(int version, IGrainFactory grains) =>
        await RuleSet(grains).GetVersion(version) is { } view ? TypedResults.Ok(view) : NotFound(version);

    public static async Task<Results<Ok<RuleSetVersionView>, ProblemHttpResult>> Validate(int version, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var view = await RuleSet(grains).Validate(version, user.ClientId());
        if (view.Summary.Status == RuleSetVersionStatus.Draft)
        {
            return Invalid($"Version {version} has errors; fix them in a new draft.", view.Problems, StatusCodes.Status422UnprocessableEntity);
        }

        loggers.CreateLogger(RulesApiLog.Category).Changed(user.ClientId(), "validated", version);
        return TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<RuleSetOverview>, ProblemHttpResult>> Activate(
        int version, RuleActivationRequest? request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        request ??= new RuleActivationRequest();
        var overview = await RuleSet(grains).Activate(version, user.ClientId(), Comment(request.Comment), request.EffectiveFrom, request.EffectiveUntil);
        loggers.CreateLogger(RulesApiLog.Category).Changed(user.ClientId(), "activated", version);
        return TypedResults.Ok(overview);
    }

    public static async Task<Results<Ok<RuleSetOverview>, ValidationProblem>> Rollback(RuleRollbackRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (request?.Version is not { } version)
        {
            return Required("version");
        }

        var overview = await RuleSet(grains).Rollback(version, user.ClientId(), Comment(request.Comment));
        loggers.CreateLogger(RulesApiLog.Category).Changed(user.ClientId(), "rolled back to", version);
        return TypedResults.Ok(overview);
    }

    public static async Task<Results<Ok<RuleSetOverview>, ValidationProblem>> SetCanary(RuleCanaryRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (request?.Version is not { } version)
        {
            return Required("version");
        }

        var overview = await RuleSet(grains).SetCanary(version, request.Percent, request.Channels ?? [], user.ClientId(), Comment(request.Comment));
        loggers.CreateLogger(RulesApiLog.Category).Changed(user.ClientId(), "set the canary to", version);
        return TypedResults.Ok(overview);
    }

    public static async Task<Ok<RuleSetOverview>> ClearCanary(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await RuleSet(grains).ClearCanary(user.ClientId()));

    public static async Task<Results<Ok<RuleSetOverview>, ValidationProblem>> SetShadow(RuleShadowRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (request?.Version is not { } version)
        {
            return Required("version");
        }

        var overview = await RuleSet(grains).SetShadow(version, user.ClientId());
        loggers.CreateLogger(RulesApiLog.Category).Changed(user.ClientId(), "set the shadow to", version);
        return TypedResults.Ok(overview);
    }

    public static async Task<Ok<RuleSetOverview>> ClearShadow(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await RuleSet(grains).ClearShadow(user.ClientId()));

    public static async Task<Ok<ShadowReport>> GetShadowReport(int version, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRuleShadowGrain>(version.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetReport());

    public static async Task<Results<Ok<RuleSetDiff>, ValidationProblem>> Diff(int? from, int? to, IGrainFactory grains)
    {
        if (from is null || to is null)
        {
            return Required(from is null ? "from" : "to");
        }

        return TypedResults.Ok(await RuleSet(grains).Diff(from.Value, to.Value));
    }

    public static async Task<Results<Accepted<SandboxStartedResponse>, ValidationProblem>> StartSandbox(
        SandboxRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (request is null || request.CandidateVersion <= 0)
        {
            return Required("candidateVersion");
        }

        var runId = Guid.NewGuid().ToString("N")[..16];
        var progress = await grains.GetGrain<ISandboxGrain>(runId).Start(request, user.ClientId());
        loggers.CreateLogger(RulesApiLog.Category).SandboxStarted(user.ClientId(), runId, request.CandidateVersion);
        return TypedResults.Accepted($"{ApiHostingExtensions.V1}/rules/sandbox/{runId}", new SandboxStartedResponse(runId, progress));
    }

    public static async Task<Results<Ok<SandboxProgress>, ProblemHttpResult>> GetSandboxProgress(string runId, IGrainFactory grains) =>
        RunIdPattern().IsMatch(runId) && await grains.GetGrain<ISandboxGrain>(runId).GetProgress() is { } progress
            ? TypedResults.Ok(progress)
            : RunNotFound(runId);

    public static async Task<Results<Ok<SandboxResult>, ProblemHttpResult>> GetSandboxResult(string runId, IGrainFactory grains)
    {
        if (!RunIdPattern().IsMatch(runId))
        {
            return RunNotFound(runId);
        }

        var sandbox = grains.GetGrain<ISandboxGrain>(runId);
        if (await sandbox.GetResult() is { } result)
        {
            return TypedResults.Ok(result);
        }

        return await sandbox.GetProgress() is { } progress
            ? ApiErrors.Problem(StatusCodes.Status409Conflict, "sandbox.no-result", $"Run {runId} is {progress.State.ToString().ToLowerInvariant()}{(progress.Error is null ? string.Empty : ": " + progress.Error)}; it has no result.")
            : RunNotFound(runId);
    }

    public static async Task<Results<Ok<SandboxProgress>, ProblemHttpResult>> CancelSandbox(string runId, IGrainFactory grains) =>
        RunIdPattern().IsMatch(runId) && await grains.GetGrain<ISandboxGrain>(runId).Cancel() is { } progress
            ? TypedResults.Ok(progress)
            : RunNotFound(runId);

    /// <summary>The raw rule set text of the body (UTF-8 JSON), or a problem.</summary>
    private static async Task<(string? Text, ProblemHttpResult? Problem)> ReadRuleSetAsync(HttpRequest request)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiErrors.Problem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the rule set as application/json."));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[RuleSetJson.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted)) > 0)
        {
            read += n;
        }

        if (read > RuleSetJson.MaxBytes)
        {
            return (null, ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.TooLarge, $"A rule set is at most {RuleSetJson.MaxBytes} bytes."));
        }

        var text = new string(buffer, 0, read);
        return string.IsNullOrWhiteSpace(text)
            ? (null, ApiErrors.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, "The body is empty; send the rule set JSON."))
            : (text, null);
    }

    private static IRuleSetGrain RuleSet(IGrainFactory grains) => grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);

    private static string? Comment(string? comment) => string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

    private static ProblemHttpResult Invalid(string detail, IReadOnlyList<RuleSetProblem> problems, int status = StatusCodes.Status400BadRequest) =>
        ApiErrors.Problem(status, "rules.invalid", detail, new Dictionary<string, object?> { ["problems"] = problems });

    private static ValidationProblem Required(string field) =>
        ApiErrors.Validation(new Dictionary<string, string[]> { [field] = [$"{field} is required."] });

    private static ProblemHttpResult NotFound(int version) => ApiErrors.NotFound("rules.not-found", $"Rule set version {version} does not exist.");

    private static ProblemHttpResult RunNotFound(string runId) => ApiErrors.NotFound("sandbox.not-found", $"No sandbox run '{runId}' (runs live in memory and are gone after a silo restart).");

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex RunIdPattern();
}
