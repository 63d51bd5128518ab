using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Dashboard.Cluster;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Dashboard.Http;

/// <summary>The dashboard's JSON endpoints and its live channel, under <c>{path}/api</c>.</summary>
internal static class DashboardEndpoints
{
    private const int MaxKeyLength = 512;
    private const int MaxReasonLength = 200;
    private const int LogsPerMessage = 200;

    public static void Map(RouteGroupBuilder api, DashboardOptions options)
    {
        // Every request of a client counts as watching: the call statistics run while someone looks.
        api.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<DashboardWatch>().ViewerActive();
            return await next(context);
        });

        api.MapGet("/me", (ClaimsPrincipal user) => Results.Json(Me(user, options), DashboardJson.Options));
        api.MapGet("/overview", Overview);
        api.MapGet("/history", (DashboardHub hub) => Results.Json(hub.History, DashboardJson.Options));
        api.MapGet("/live", Live);
        api.MapGet("/grains/{type}/{key}", Grain);
        api.MapGet("/reminders", Reminders);
        api.MapGet("/orders/{orderId}/timeline", Timeline);
        api.MapGet("/logs", Logs);
        var status = api.MapPut("/warehouses/{warehouseId}/status", SetWarehouseStatus);
        if (options.RequireAuthentication)
        {
            status.RequireAuthorization(ApiPolicies.DashboardOperate);
        }
    }

    /// <summary>Who the caller is and whether the page may offer changes.</summary>
    public sealed record CallerView(string Name, string? Role, bool CanOperate, bool AuthenticationRequired);

    private static CallerView Me(ClaimsPrincipal user, DashboardOptions options) => new(
        user.Identity?.IsAuthenticated == true ? user.ClientId() : "anonymous",
        user.FindFirstValue(ApiClaims.Role),
        !options.RequireAuthentication || user.IsInRole(ApiRoles.Operations) || user.IsInRole(ApiRoles.Admin),
        options.RequireAuthentication);

    private static async Task<IResult> Overview(DashboardHub hub, CancellationToken cancellationToken)
    {
        var snapshot = await hub.CurrentAsync(cancellationToken);
        return Results.Json(snapshot.Business is null ? snapshot with { Business = await hub.BusinessAsync() } : snapshot, DashboardJson.Options);
    }

    /// <summary>
    /// The live channel: a snapshot every interval as server-sent events, each with the log entries of every silo
    /// logged since the previous one (at or above <c>level</c>). The page reads it with fetch, which can send the credentials header
    /// that EventSource cannot.
    /// </summary>
    private static async Task Live(HttpContext http, DashboardHub hub, DashboardWatch watch, string? level)
    {
        if (!TryParseLevel(level, out var minimum))
        {
            await DashboardProblems.Invalid("dashboard.invalid-level", $"'{level}' is not a log level (Trace, Debug, Information, Warning, Error, Critical).").ExecuteAsync(http);
            return;
        }

        var cancellationToken = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var channel = hub.Subscribe();
        var logs = hub.ClusterLogs;
        var lastLog = Math.Max(0, logs.LastSequence - LogsPerMessage);
        try
        {
            var snapshot = await hub.CurrentAsync(cancellationToken);
            while (true)
            {
                watch.ViewerActive();
                var entries = logs.After(lastLog, minimum, LogsPerMessage);
                lastLog = entries.Count > 0 ? entries[^1].Sequence : lastLog;
                var payload = JsonSerializer.Serialize(new { snapshot, logs = entries }, DashboardJson.Options);
                await http.Response.WriteAsync($"event: snapshot\ndata: {payload}\n\n", cancellationToken);
                await http.Response.Body.FlushAsync(cancellationToken);
                snapshot = await channel.Reader.ReadAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            hub.Unsubscribe(channel);
        }
    }

    private static async Task<IResult> Grain(string type, string key, DashboardHub hub, DashboardSilos silos, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(type) || type.Contains('/', StringComparison.Ordinal) || type.Length > 100)
        {
            return DashboardProblems.Invalid("dashboard.invalid-grain", "The grain type must be 1-100 characters without '/'.");
        }

        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return DashboardProblems.Invalid("dashboard.invalid-grain", $"The grain key must be 1-{MaxKeyLength} characters.");
        }

        var grainId = new GrainId(type, key);
        var snapshot = await hub.CurrentAsync(cancellationToken);
        var owners = snapshot.Partitions.Owners;
        int? partition = owners.Count > 0 ? new PartitionMap(owners.Count).PartitionOf(grainId) : null;
        var silo = partition is { } p ? owners[p] : silos.LocalName ?? snapshot.Silos.FirstOrDefault(s => s.Status == "up")?.Name;
        if (silo is null)
        {
            return DashboardProblems.Unavailable("dashboard.no-silo", $"No silo owns the partition of {grainId} right now.");
        }

        GrainReport? report;
        try
        {
            var answer = await silos.QueryAsync(silo, JsonSerializer.SerializeToElement(new { kind = "grain", type, key }), cancellationToken);
            report = answer.Deserialize<GrainReport>(DashboardJson.Options);
        }
        catch (Exception e) when (e is SiloUnavailableException or TimeoutException or Runtime.Messaging.Transport.TransportException)
        {
            return DashboardProblems.Unavailable("dashboard.silo-unavailable", $"Silo {silo} did not answer: {e.Message}");
        }

        if (report is null || !report.KnownType)
        {
            return DashboardProblems.NotFound("dashboard.unknown-grain-type", $"No grain class has the grain type '{type}'.");
        }

        return Results.Json(
            new
            {
                grainId = grainId.ToString(),
                partition,
                silo = report.Silo,
                activation = report.Activation,
                states = report.States.Select(s => new
                {
                    s.Name,
                    s.Storage,
                    state = s.State is { } json ? PiiJsonMask.Mask(json) : null,
                    entries = s.Entries.ToDictionary(e => e.Key, e => PiiJsonMask.Mask(e.Value), StringComparer.Ordinal),
                    s.EntryCount,
                }),
            },
            DashboardJson.Options);
    }

    private static async Task<IResult> Reminders(DashboardHub hub, DashboardSilos silos, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return DashboardProblems.Invalid("dashboard.invalid-limit", "limit must be between 1 and 1000.");
        }

        var snapshot = await hub.CurrentAsync(cancellationToken);
        var silo = silos.LocalName ?? snapshot.Silos.FirstOrDefault(s => s.Status == "up")?.Name;
        if (silo is null)
        {
            return DashboardProblems.Unavailable("dashboard.no-silo", "No silo is reachable.");
        }

        var answer = await silos.QueryAsync(silo, JsonSerializer.SerializeToElement(new { kind = "reminders", limit = limit ?? 200 }), cancellationToken);
        return Results.Json(answer.Deserialize<RemindersReport>(DashboardJson.Options), DashboardJson.Options);
    }

    private static async Task<IResult> Timeline(string orderId, IGrainFactory grains)
    {
        if (!OrderIds.IsValid(orderId))
        {
            return DashboardProblems.Invalid("dashboard.invalid-order-id", $"'{orderId}' is not an order id.");
        }

        var order = grains.GetGrain<IOrderGrain>(orderId);
        try
        {
            var view = await order.Get();
            var timeline = await order.GetTimeline();
            return Results.Json(new { orderId, status = view.Status.ToString(), events = timeline }, DashboardJson.Options);
        }
        catch (DomainException e) when (e.Code == "order.not-found")
        {
            return DashboardProblems.NotFound("order.not-found", $"Order '{orderId}' does not exist.");
        }
    }

    private static IResult Logs(DashboardHub hub, string? level, long? after)
    {
        if (!TryParseLevel(level, out var minimum))
        {
            return DashboardProblems.Invalid("dashboard.invalid-level", $"'{level}' is not a log level (Trace, Debug, Information, Warning, Error, Critical).");
        }

        return Results.Json(hub.ClusterLogs.After(after ?? 0, minimum, 500), DashboardJson.Options);
    }

    /// <summary>Body of a warehouse status change.</summary>
    public sealed record WarehouseStatusChange(string? Status, string? Reason);

    private static async Task<IResult> SetWarehouseStatus(
        string warehouseId, WarehouseStatusChange? change, ClaimsPrincipal user, IGrainFactory grains, DashboardHub hub, ILoggerFactory loggers)
    {
        if (change is null || !Enum.TryParse<WarehouseStatus>(change.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status)
            || int.TryParse(change.Status, out _))
        {
            return DashboardProblems.Invalid("dashboard.invalid-status", "status must be Online, Degraded or Offline.");
        }

        var reason = string.IsNullOrWhiteSpace(change.Reason) ? "set from the dashboard" : change.Reason.Trim();
        if (reason.Length > MaxReasonLength)
        {
            return DashboardProblems.Invalid("dashboard.invalid-reason", $"reason must be at most {MaxReasonLength} characters.");
        }

        // Only warehouses in the directory: a typo must not create an empty warehouse grain.
        var known = await grains.GetGrain<IWarehouseDirectoryGrain>("all").List();
        if (!known.Any(w => w.Profile.WarehouseId == warehouseId))
        {
            return DashboardProblems.NotFound("warehouse.not-found", $"Warehouse '{warehouseId}' does not exist.");
        }

        var snapshot = await grains.GetGrain<IWarehouseGrain>(warehouseId).SetStatus(status, reason);
        DashboardLog.WarehouseStatusSet(loggers.CreateLogger("OrderGrains.Dashboard"), user.ClientId(), warehouseId, status.ToString(), reason);
        hub.RefreshBusiness();
        return Results.Json(new { warehouseId, status = snapshot.Status.ToString(), reason = snapshot.StatusReason }, DashboardJson.Options);
    }

    private static bool TryParseLevel(string? text, out LogLevel level)
    {
        level = LogLevel.Information;
        return string.IsNullOrEmpty(text) || (Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _));
    }
}
