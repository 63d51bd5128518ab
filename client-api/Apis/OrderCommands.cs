using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrderGrains.ClientApi.Errors;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// The common path of every order command: the body's and the key's field errors first (no grain touched), then 404
/// unless the caller may see the order, then checks of the request against the order, then the command on the order grain under the caller's idempotency key.
/// Domain refusals propagate to the exception handler, which keeps their codes.
/// </summary>
internal static class OrderCommands
{
    public static async Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> RunAsync(
        string orderId,
        HttpContext http,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ApiValidationErrors validation,
        Func<IOrderGrain, OrderView, CommandContext, Task<OrderView>> command,
        Func<OrderView, ProblemHttpResult?>? refuse = null)
    {
        var key = ApiRequest.IdempotencyKey(http, validation);
        if (!validation.IsEmpty)
        {
            return ApiErrors.Validation(validation.ToDictionary());
        }

        var order = await OrdersApi.FindAsync(orderId, user, grains);
        if (order is null)
        {
            return OrdersApi.NotFound(orderId);
        }

        if (refuse?.Invoke(order) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await command(grains.GetGrain<IOrderGrain>(orderId), order, ApiRequest.Command(user, key)));
    }
}
