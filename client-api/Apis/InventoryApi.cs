using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Inventory: availability of a SKU across warehouses, stock of one slot, and the operator's stock commands.</summary>
public static class InventoryApi
{
    /// <summary>Code of a SKU that no warehouse knows.</summary>
    public const string SkuNotFound = "sku.not-found";

    /// <summary>Maps the inventory endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapInventoryApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var inventory = api.MapGroup("/inventory").WithTags("Inventory");
        inventory.MapGet("/{sku}", GetSku).RequireAuthorization(ApiPolicies.InventoryRead)
            .WithName("GetSkuInventory").WithSummary("Availability of a SKU in every warehouse that stocks it, with totals (eventually consistent view).");
        var slot = inventory.MapGroup("/{sku}/warehouses/{warehouseId}");
        slot.MapGet("/", GetSlot).RequireAuthorization(ApiPolicies.InventoryRead)
            .WithName("GetStockSlot").WithSummary("Stock of a SKU in one warehouse, from its stock slot (authoritative).");
        slot.MapPost("/receive", Receive).RequireAuthorization(ApiPolicies.InventoryWrite)
            .WithName("ReceiveStock").WithSummary("Adds received units; the same reference again adds nothing.");
        slot.MapPost("/adjust", Adjust).RequireAuthorization(ApiPolicies.InventoryWrite)
            .WithName("AdjustStock").WithSummary("Corrects on hand; refused (409/422) if it would leave less than reserved plus safety stock.");
        slot.MapPut("/safety-stock", SetSafetyStock).RequireAuthorization(ApiPolicies.InventoryWrite)
            .WithName("SetSafetyStock").WithSummary("Sets the units kept back from reservations.");
        slot.MapPut("/expected-inbound", SetExpectedInbound).RequireAuthorization(ApiPolicies.InventoryWrite)
            .WithName("SetExpectedInbound").WithSummary("Sets the stock expected to arrive.");
        slot.MapDelete("/expected-inbound", ClearExpectedInbound).RequireAuthorization(ApiPolicies.InventoryWrite)
            .WithName("ClearExpectedInbound").WithSummary("Clears the stock expected to arrive.");
        return api;
    }

    /// <summary>
    /// Availability across warehouses with totals. A SKU is unknown (404) when no slot ever reported it to the view;
    /// the view follows the slots within moments, so a SKU received a moment ago may still be 404 here.
    /// </summary>
    public static async Task<Results<Ok<SkuInventoryResponse>, ValidationProblem, ProblemHttpResult>> GetSku(string sku, IGrainFactory grains)
    {
        var errors = new ApiValidationErrors();
        errors.RequireId("sku", sku);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var availability = await grains.GetGrain<ISkuInventoryGrain>(sku).GetAvailability();
        if (availability.Count == 0)
        {
            return UnknownSku(sku);
        }

        var statuses = (await grains.GetGrain<IWarehouseDirectoryGrain>(WarehousesApi.DirectoryKey).List())
            .ToDictionary(w => w.Profile.WarehouseId, w => w.Status, StringComparer.Ordinal);
        var warehouses = availability
            .Select(a => new WarehouseAvailabilityResponse(
                a.WarehouseId, statuses.TryGetValue(a.WarehouseId, out var status) ? status : null, a.Available, a.OnHand, a.ExpectedInbound, a.UpdatedAt))
            .ToArray();
        return TypedResults.Ok(new SkuInventoryResponse(
            sku,
            Total(availability, a => a.Available),
            Total(availability, a => a.OnHand),
            Total(availability, a => a.ExpectedInbound?.Quantity ?? 0),
            availability.Where(a => a.ExpectedInbound is not null).Select(a => (DateOnly?)a.ExpectedInbound!.ExpectedOn).Min(),
            warehouses));
    }

    /// <summary>
    /// Stock of one slot. 404 for an unknown warehouse, and for a SKU no warehouse knows (an empty slot of a SKU that
    /// is stocked elsewhere is a 200 with zeros).
    /// </summary>
    public static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> GetSlot(string sku, string warehouseId, IGrainFactory grains)
    {
        var errors = InventoryValidator.Slot(sku, warehouseId);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        if (await WarehouseLookup.FindAsync(grains, warehouseId) is null)
        {
            return WarehouseLookup.NotFound(warehouseId);
        }

        var snapshot = await grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouseId)).GetSnapshot();
        if (IsEmpty(snapshot) && (await grains.GetGrain<ISkuInventoryGrain>(sku).GetAvailability()).Count == 0)
        {
            return UnknownSku(sku);
        }

        return TypedResults.Ok(StockSlotResponse.From(snapshot));
    }

    /// <summary>Adds received units to a slot (a new SKU comes into being by its first receipt). Idempotent by reference.</summary>
    public static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> Receive(
        string sku, string warehouseId, ReceiveStockRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = InventoryValidator.Slot(sku, warehouseId);
        InventoryValidator.Receive(errors, request);
        return await ChangeSlotAsync(errors, sku, warehouseId, grains, async slot =>
        {
            var snapshot = await slot.Receive(request.Quantity!.Value, request.Reference!);
            Log(loggers).Received(user.ClientId(), sku, warehouseId, request.Quantity.Value, request.Reference!, snapshot.OnHand);
            return snapshot;
        });
    }

    /// <summary>Corrects on hand by a delta. Idempotent by reference.</summary>
    public static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> Adjust(
        string sku, string warehouseId, AdjustStockRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = InventoryValidator.Slot(sku, warehouseId);
        InventoryValidator.Adjust(errors, request);
        return await ChangeSlotAsync(errors, sku, warehouseId, grains, async slot =>
        {
            var reason = request.Reason!.Trim();
            var snapshot = await slot.Adjust(request.Delta!.Value, reason, request.Reference!);
            Log(loggers).Adjusted(user.ClientId(), sku, warehouseId, request.Delta.Value, reason, request.Reference!, snapshot.OnHand);
            return snapshot;
        });
    }

    /// <summary>Sets the safety stock.</summary>
    public static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> SetSafetyStock(
        string sku, string warehouseId, SafetyStockRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = InventoryValidator.Slot(sku, warehouseId);
        InventoryValidator.SafetyStock(errors, request);
        return await ChangeSlotAsync(errors, sku, warehouseId, grains, async slot =>
        {
            var snapshot = await slot.SetSafetyStock(request.Units!.Value);
            Log(loggers).SafetyStockSet(user.ClientId(), sku, warehouseId, request.Units.Value);
            return snapshot;
        });
    }

    /// <summary>Sets the expected inbound stock.</summary>
    public static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> SetExpectedInbound(
        string sku, string warehouseId, ExpectedInboundRequest request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = InventoryValidator.Slot(sku, warehouseId);
        // The silo registers its clock; a front tier without one uses the system clock.
        var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        InventoryValidator.ExpectedInbound(errors, request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return await ChangeSlotAsync(errors, sku, warehouseId, grains, async slot =>
        {
            var snapshot = await slot.SetExpectedInbound(new InboundStock(request.ExpectedOn!.Value, request.Quantity!.Value));
            Log(loggers).ExpectedInboundSet(user.ClientId(), sku, warehouseId, request.Quantity.Value, request.ExpectedOn.Value);
            return snapshot;
        });
    }

    /// <summary>Clears the expected inbound stock (no error if there was none).</summary>
    public static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> ClearExpectedInbound(
        string sku, string warehouseId, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = InventoryValidator.Slot(sku, warehouseId);
        return await ChangeSlotAsync(errors, sku, warehouseId, grains, async slot =>
        {
            var snapshot = await slot.SetExpectedInbound(null);
            Log(loggers).ExpectedInboundCleared(user.ClientId(), sku, warehouseId);
            return snapshot;
        });
    }

    /// <summary>Runs a slot command once the request is valid and the warehouse exists; nothing is changed otherwise.</summary>
    private static async Task<Results<Ok<StockSlotResponse>, ValidationProblem, ProblemHttpResult>> ChangeSlotAsync(
        ApiValidationErrors errors, string sku, string warehouseId, IGrainFactory grains, Func<IStockSlotGrain, Task<StockSnapshot>> change)
    {
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        if (await WarehouseLookup.FindAsync(grains, warehouseId) is null)
        {
            return WarehouseLookup.NotFound(warehouseId);
        }

        var snapshot = await change(grains.GetGrain<IStockSlotGrain>(StockSlotKey.For(sku, warehouseId)));
        return TypedResults.Ok(StockSlotResponse.From(snapshot));
    }

    // Sums in 64 bits: ten slots near the on-hand limit would overflow an int.
    private static int Total(IReadOnlyList<SkuAvailability> availability, Func<SkuAvailability, int> units) =>
        (int)Math.Min(int.MaxValue, availability.Sum(a => (long)units(a)));

    private static bool IsEmpty(StockSnapshot s) =>
        s is { OnHand: 0, Reserved: 0, SafetyStock: 0, ExpectedInbound: null, OpenReservations: 0 };

    private static ProblemHttpResult UnknownSku(string sku) => ApiErrors.NotFound(SkuNotFound, $"No warehouse stocks SKU '{sku}'.");

    private static ILogger Log(ILoggerFactory loggers) => loggers.CreateLogger(InventoryApiLog.Category);
}
