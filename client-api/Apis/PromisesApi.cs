using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Promises;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Delivery promises: a quote for a cart before ordering, and the promise of a placed order.</summary>
public static class PromisesApi
{
    /// <summary>Key of the promise grain (a stateless worker).</summary>
    internal const string PromiseGrainKey = "default";

    /// <summary>Maps the promise endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapPromisesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/promises/quote", Quote).RequireAuthorization(ApiPolicies.Promises).WithTags("Promises")
            .WithName("QuoteDelivery").WithSummary("When would this cart arrive at this place? Routes it as an order would; nothing is reserved.");
        api.MapGet("/orders/{orderId}/promise", GetOrderPromise).RequireAuthorization(ApiPolicies.OrdersRead).WithTags("Promises", "Orders")
            .WithName("GetOrderPromise").WithSummary("Each shipment's committed date and the probability, now, of meeting it.");
        return api;
    }

    /// <summary>A quote: the shipments routing would choose now and their promises, or why the cart cannot ship.</summary>
    public static async Task<Results<Ok<QuoteResponse>, ValidationProblem, ProblemHttpResult>> Quote(QuoteRequestBody request, IGrainFactory grains)
    {
        var errors = new ApiValidationErrors();
        PromiseValidator.Quote(errors, request);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        // Reads views only, like placing an order: an unknown SKU is the caller's mistake, not an unavailable cart.
        for (var i = 0; i < request.Lines.Count; i++)
        {
            if ((await grains.GetGrain<ISkuInventoryGrain>(request.Lines[i].Sku).GetAvailability()).Count == 0)
            {
                errors.Add($"lines[{i}].sku", $"Unknown SKU '{request.Lines[i].Sku}'.");
            }
        }

        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var quote = await grains.GetGrain<IPromiseGrain>(PromiseGrainKey).Quote(new QuoteRequest(
            [.. request.Lines.Select(l => new QuoteLine(l.Sku, l.Quantity, l.WeightKg ?? 0.5, l.ShipTogetherGroup))],
            request.Destination.ToAddress(),
            request.Speed ?? ShippingSpeed.Standard,
            CustomerTier.Standard,
            request.AcceptsSplit ?? true,
            request.Confidence));
        return TypedResults.Ok(QuoteResponse.From(quote));
    }

    /// <summary>The promise of an order the caller may see (channel systems: their own channel's orders only).</summary>
    public static async Task<Results<Ok<OrderPromiseResponse>, ProblemHttpResult>> GetOrderPromise(string orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await OrdersApi.FindAsync(orderId, user, grains) is null)
        {
            return OrdersApi.NotFound(orderId);
        }

        var promise = await grains.GetGrain<IPromiseGrain>(PromiseGrainKey).GetOrderPromise(orderId);
        return TypedResults.Ok(OrderPromiseResponse.From(promise));
    }
}
