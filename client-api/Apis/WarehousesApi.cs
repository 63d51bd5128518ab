using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Warehouses: list, read, status changes (which reroute affected orders) and capacity.</summary>
public static class WarehousesApi
{
    /// <summary>Key of the warehouse directory grain.</summary>
    internal const string DirectoryKey = "all";

    /// <summary>Maps the warehouse endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapWarehousesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var warehouses = api.MapGroup("/warehouses").WithTags("Warehouses");
        warehouses.MapGet("/", ListWarehouses).RequireAuthorization(ApiPolicies.WarehousesRead)
            .WithName("ListWarehouses").WithSummary("Every warehouse with status, backlog, capacity and saturation, from the directory (follows changes within moments).");
        warehouses.MapGet("/{warehouseId}", GetWarehouse).RequireAuthorization(ApiPolicies.WarehousesRead)
            .WithName("GetWarehouse").WithSummary("One warehouse, from its grain (authoritative).");
        warehouses.MapPut("/{warehouseId}/status", SetStatus).RequireAuthorization(ApiPolicies.WarehousesWrite)
            .WithName("SetWarehouseStatus")
            .WithSummary("Sets online, degraded or offline. Offline, or degraded with a reason, stops new allocations and reroutes the open ones.");
        warehouses.MapPut("/{warehouseId}/capacity", SetCapacity).RequireAuthorization(ApiPolicies.WarehousesWrite)
            .WithName("SetWarehouseCapacity").WithSummary("Sets the daily capacity in units; existing allocations are kept.");
        return api;
    }

    /// <summary>Every warehouse, by id.</summary>
    public static async Task<Ok<WarehouseResponse[]>> ListWarehouses(IGrainFactory grains)
    {
        var list = await grains.GetGrain<IWarehouseDirectoryGrain>(DirectoryKey).List();
        return TypedResults.Ok(list.Select(WarehouseResponse.From).ToArray());
    }

    /// <summary>One warehouse.</summary>
    public static async Task<Results<Ok<WarehouseResponse>, ValidationProblem, ProblemHttpResult>> GetWarehouse(string warehouseId, IGrainFactory grains)
    {
        var errors = WarehouseValidator.Id(warehouseId);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var snapshot = await WarehouseLookup.FindAsync(grains, warehouseId);
        return snapshot is null ? WarehouseLookup.NotFound(warehouseId) : TypedResults.Ok(WarehouseResponse.From(snapshot));
    }

    /// <summary>
    /// Changes the status. Setting the current status and reason again changes nothing. When the warehouse stops taking
    /// allocations, each order allocated there is told (in the same write) and reroutes itself.
    /// </summary>
    public static async Task<Results<Ok<WarehouseStatusChangeResponse>, ValidationProblem, ProblemHttpResult>> SetStatus(
        string warehouseId, WarehouseStatusRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = WarehouseValidator.Id(warehouseId);
        WarehouseValidator.Status(errors, request);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var before = await WarehouseLookup.FindAsync(grains, warehouseId);
        if (before is null)
        {
            return WarehouseLookup.NotFound(warehouseId);
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var status = request.Status!.Value;
        var after = await grains.GetGrain<IWarehouseGrain>(warehouseId).SetStatus(status, reason ?? string.Empty);

        // The grain notifies exactly when the warehouse goes from taking allocations to not; the count is what it held
        // then (a concurrent change between the two calls can make it approximate, never the notification itself).
        var stopped = WarehouseStatusSemantics.AcceptsAllocations(before.Status, before.StatusReason)
            && !WarehouseStatusSemantics.AcceptsAllocations(after.Status, after.StatusReason);
        var affected = stopped ? after.OpenAllocations : 0;
        loggers.CreateLogger(WarehouseApiLog.Category).StatusSet(user.ClientId(), warehouseId, before.Status, status, reason, affected);
        return TypedResults.Ok(new WarehouseStatusChangeResponse(WarehouseResponse.From(after), before.Status, affected));
    }

    /// <summary>Sets the daily capacity. Lowering it below the backlog refuses new allocations until the backlog drains.</summary>
    public static async Task<Results<Ok<WarehouseResponse>, ValidationProblem, ProblemHttpResult>> SetCapacity(
        string warehouseId, WarehouseCapacityRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = WarehouseValidator.Id(warehouseId);
        WarehouseValidator.Capacity(errors, request);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var before = await WarehouseLookup.FindAsync(grains, warehouseId);
        if (before is null)
        {
            return WarehouseLookup.NotFound(warehouseId);
        }

        var units = request.DailyCapacityUnits!.Value;
        var after = await grains.GetGrain<IWarehouseGrain>(warehouseId).SetDailyCapacity(units);
        loggers.CreateLogger(WarehouseApiLog.Category).CapacitySet(user.ClientId(), warehouseId, before.Profile.DailyCapacityUnits, units);
        return TypedResults.Ok(WarehouseResponse.From(after));
    }
}
