using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Changes to an order before its lines are picked: address, lines, cancellation, hold and allocation.</summary>
internal static class OrderEditsApi
{
    /// <summary>Replaces the delivery address; the order is sourced again for it.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> ChangeAddress(
        string orderId, AddressRequest? address, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        if (address is null)
        {
            validation.Add("body", "A JSON body with the address is required.");
        }
        else
        {
            // The body is the address itself, so its fields are named without a prefix.
            var fields = new ApiValidationErrors();
            OrderValidator.ValidateAddress(fields, "address", address);
            foreach (var (field, messages) in fields.ToDictionary())
            {
                foreach (var message in messages)
                {
                    validation.Add(field["address.".Length..], message);
                }
            }
        }

        return OrderCommands.RunAsync(orderId, http, user, grains, validation, (order, _, command) => order.ChangeAddress(address!.ToAddress(), command));
    }

    /// <summary>Changes quantities (0 removes a line) and adds lines; only lines not yet picked may change.</summary>
    public static async Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> ChangeLines(
        string orderId, ChangeLinesRequest? request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        OrderCommandValidator.ValidateLines(validation, request);
        if (validation.IsEmpty)
        {
            // Reference check of added SKUs reads views only, as when placing an order.
            for (var i = 0; i < request!.Changes.Count; i++)
            {
                if (request.Changes[i] is { LineId: null, Sku: { } sku } && (await grains.GetGrain<ISkuInventoryGrain>(sku).GetAvailability()).Count == 0)
                {
                    validation.Add($"changes[{i}].sku", $"Unknown SKU '{sku}'.");
                }
            }
        }

        return await OrderCommands.RunAsync(orderId, http, user, grains, validation, (order, _, command) =>
            order.ChangeLines([.. request!.Changes.Select(c => new LineChange(c.LineId, c.Sku?.Trim(), c.Quantity, c.UnitPrice))], command));
    }

    /// <summary>Cancels the named lines, or the whole order; picked lines cannot be cancelled.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> Cancel(
        string orderId, CancelOrderRequest? request, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new ApiValidationErrors();
        OrderCommandValidator.ValidateCancel(validation, request);
        return OrderCommands.RunAsync(orderId, http, user, grains, validation, (order, _, command) =>
            order.Cancel(request!.LineIds is { } lines ? [.. lines] : null, request.Reason.Trim(), command));
    }

    /// <summary>Releases an order on hold (e.g. a possible duplicate the customer confirmed) and sources it.</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> ReleaseHold(
        string orderId, HttpContext http, ClaimsPrincipal user, IGrainFactory grains) =>
        OrderCommands.RunAsync(orderId, http, user, grains, new ApiValidationErrors(), (order, _, command) => order.ReleaseHold(command));

    /// <summary>Tries again to source a backordered order (e.g. after a restock).</summary>
    public static Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> RetryAllocation(
        string orderId, HttpContext http, ClaimsPrincipal user, IGrainFactory grains) =>
        OrderCommands.RunAsync(orderId, http, user, grains, new ApiValidationErrors(), (order, _, command) => order.RetryAllocation(command));
}
