using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Orders: place, read, follow, edit, ship and return.</summary>
public static class OrdersApi
{
    /// <summary>Maps the order endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var orders = api.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", PlaceOrder).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("PlaceOrder").WithSummary("Places an order; an Idempotency-Key header makes retries safe.");
        orders.MapGet("/{orderId}", GetOrder).RequireAuthorization(ApiPolicies.OrdersRead).WithName("GetOrder");

        orders.MapGet("/{orderId}/timeline", OrderTimelineApi.GetTimeline).RequireAuthorization(ApiPolicies.OrdersRead)
            .WithName("GetOrderTimeline").WithSummary("The order's timeline, oldest first; ?after=N leaves out events up to sequence N.");
        orders.MapGet("/{orderId}/timeline/live", OrderTimelineApi.LiveTimeline).RequireAuthorization(ApiPolicies.OrdersRead)
            .WithName("FollowOrderTimeline")
            .WithSummary("Server-Sent Events: past events after Last-Event-ID (or ?after=N), then new ones as they happen; heartbeat comments while quiet.");

        orders.MapPut("/{orderId}/address", OrderEditsApi.ChangeAddress).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("ChangeOrderAddress").WithSummary("Replaces the delivery address while nothing is picked.");
        orders.MapPatch("/{orderId}/lines", OrderEditsApi.ChangeLines).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("ChangeOrderLines").WithSummary("Changes quantities (0 removes a line) or adds lines while the lines are not picked.");
        orders.MapPost("/{orderId}/lines", OrderEditsApi.ChangeLines).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("ChangeOrderLinesByPost").WithSummary("The same as PATCH, for clients that cannot send PATCH.");
        orders.MapPost("/{orderId}/cancel", OrderEditsApi.Cancel).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("CancelOrder").WithSummary("Cancels the given lines, or the whole order, while they are not picked.");
        orders.MapPost("/{orderId}/release-hold", OrderEditsApi.ReleaseHold).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("ReleaseOrderHold").WithSummary("Releases an order on hold and sources it.");
        orders.MapPost("/{orderId}/retry-allocation", OrderEditsApi.RetryAllocation).RequireAuthorization(ApiPolicies.OrdersWrite)
            .WithName("RetryOrderAllocation").WithSummary("Sources a backordered order again.");

        orders.MapPost("/{orderId}/shipments/{shipmentId}/events", OrderFulfilmentApi.RecordShipmentEvent).RequireAuthorization(ApiPolicies.ShipmentEvents)
            .WithName("RecordShipmentEvent").WithSummary("A warehouse or carrier event: picked, shipped or delivered.");
        orders.MapPost("/{orderId}/returns", OrderFulfilmentApi.RequestReturn).RequireAuthorization(ApiPolicies.Returns)
            .WithName("RequestReturn").WithSummary("Requests a return of delivered lines.");
        orders.MapPost("/{orderId}/returns/decision", OrderFulfilmentApi.DecideReturn).RequireAuthorization(ApiPolicies.ReturnsDecide)
            .WithName("DecideReturn").WithSummary("Approves or rejects a return under review (customer service).");
        orders.MapPost("/{orderId}/returns/receive", OrderFulfilmentApi.ReceiveReturn).RequireAuthorization(ApiPolicies.ReturnsReceive)
            .WithName("ReceiveReturn").WithSummary("Records returned goods as received; then refunds or exchanges.");
        return api;
    }

    /// <summary>Places an order. A replay with the same Idempotency-Key returns the order; a different body with it is a 409.</summary>
    public static async Task<Results<Created<OrderView>, ValidationProblem, ProblemHttpResult>> PlaceOrder(
        PlaceOrderRequest request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        var key = ApiRequest.IdempotencyKey(http, validation);
        foreach (var (field, messages) in OrderValidator.Validate(request))
        {
            foreach (var message in messages)
            {
                validation.Add(field, message);
            }
        }

        var ownChannel = user.ChannelOf();
        if (ownChannel is not null && request.Channel is not null && request.Channel != ownChannel)
        {
            validation.Add("channel", $"A channel system places orders for its own channel ('{ownChannel}') only.");
        }

        if (!validation.IsEmpty)
        {
            return ApiErrors.Validation(validation.ToDictionary());
        }

        // Reference checks read views only: nothing is changed before the order grain decides.
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var availability = await grains.GetGrain<ISkuInventoryGrain>(request.Lines[i].Sku).GetAvailability();
            if (availability.Count == 0)
            {
                validation.Add($"lines[{i}].sku", $"Unknown SKU '{request.Lines[i].Sku}'.");
            }
        }

        if (!validation.IsEmpty)
        {
            return ApiErrors.Validation(validation.ToDictionary());
        }

        var orderId = key is null ? OrderIds.New() : OrderIds.FromIdempotencyKey(user.ClientId(), key);
        var order = new PlaceOrder(
            request.CustomerId,
            ownChannel ?? request.Channel ?? "api",
            [.. request.Lines.Select(l => new OrderLineInput(l.Sku, l.Quantity, l.UnitPrice, l.ShipTogetherGroup, l.IsGift, l.WeightKg ?? 0.5))],
            request.ShipTo.ToAddress(),
            request.IsGift,
            request.Speed,
            request.Note);
        var view = await grains.GetGrain<IOrderGrain>(orderId).Place(order, ApiRequest.Command(user, key));
        return TypedResults.Created($"{ApiHostingExtensions.V1}/orders/{orderId}", view);
    }

    /// <summary>The order as it is now.</summary>
    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetOrder(string orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await FindAsync(orderId, user, grains);
        return view is null ? NotFound(orderId) : TypedResults.Ok(view);
    }

    /// <summary>The order if it exists and the caller may see it; null otherwise (the caller cannot tell which).</summary>
    internal static async Task<OrderView?> FindAsync(string orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!OrderIds.IsValid(orderId))
        {
            return null;
        }

        try
        {
            var view = await grains.GetGrain<IOrderGrain>(orderId).Get();
            return ApiRequest.MaySee(user, view) ? view : null;
        }
        catch (Interfaces.DomainException e) when (e.Code == "order.not-found")
        {
            return null;
        }
    }

    internal static ProblemHttpResult NotFound(string orderId) => ApiErrors.NotFound("order.not-found", $"Order '{orderId}' does not exist.");
}
