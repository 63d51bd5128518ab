using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderGrains.ClientApi.Errors;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>After release: shipment events from warehouses and carriers, and returns (request, decision, receipt).</summary>
internal static class OrderFulfilmentApi
{
    /// <summary>Records that a shipment was picked, shipped or delivered.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> RecordShipmentEvent(
        string orderId, string shipmentId, ShipmentEventRequest? request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        OrderCommandValidator.ValidateShipmentEvent(validation, shipmentId, request, TimeProvider.System.GetUtcNow());
        return OrderCommands.RunAsync(
            orderId,
            http,
            user,
            grains,
            validation,
            (order, _, command) => order.RecordShipmentEvent(
                new ShipmentEvent(shipmentId, request!.Kind!.Value, request.At!.Value, request.Carrier?.Trim(), request.TrackingNumber),
                command),
            view => view.Shipments.Any(s => s.ShipmentId == shipmentId)
                ? null
                : ApiErrors.NotFound("shipment.not-found", $"Order '{orderId}' has no shipment '{shipmentId}'."));
    }

    /// <summary>Requests a return of delivered lines; the customer's policy approves it, rejects it or leaves it to a person.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> RequestReturn(
        string orderId, CreateReturnRequest? request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        OrderCommandValidator.ValidateReturn(validation, request);
        return OrderCommands.RunAsync(orderId, http, user, grains, validation, (order, _, command) =>
            order.RequestReturn(new ReturnRequest([.. request!.Lines.Select(l => new ReturnLine(l.LineId, l.Quantity))], request.Reason.Trim(), request.WantsExchange), command));
    }

    /// <summary>A person approves or rejects a return under review.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> DecideReturn(
        string orderId, ReturnDecisionRequest? request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        OrderCommandValidator.ValidateDecision(validation, request);
        return OrderCommands.RunAsync(orderId, http, user, grains, validation, (order, _, command) =>
            order.DecideReturn(request!.Approve!.Value, request.Note?.Trim() ?? string.Empty, command));
    }

    /// <summary>Records the returned goods as received: sellable units are restocked, then the order is refunded or exchanged.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> ReceiveReturn(
        string orderId, ReceiveReturnRequest? request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        OrderCommandValidator.ValidateReceive(validation, request);
        return OrderCommands.RunAsync(orderId, http, user, grains, validation, (order, _, command) =>
            order.ReceiveReturn([.. request!.Lines.Select(l => new ReceivedLine(l.LineId, l.Quantity, l.Sellable))], command));
    }
}
