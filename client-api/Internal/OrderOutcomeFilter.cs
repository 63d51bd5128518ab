using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.ClientApi.Internal;

/// <summary>
/// Counts orders placed and idempotent replays from the results of the API's endpoints, so no endpoint module has to:
/// any endpoint answering 201 with an order placed one, unless the order already existed before the request began
/// (the order grain answers a replayed key with the order it placed the first time).
/// </summary>
internal static class OrderOutcomeFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // The clock the co-hosted grains stamp orders with.
        var services = context.HttpContext.RequestServices;
        var started = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is Created<OrderView> { Value: { } order })
        {
            var metrics = services.GetRequiredService<ApiMetrics>();
            if (order.CreatedAt < started)
            {
                metrics.IdempotentReplay(RequestLoggingMiddleware.RouteOf(context.HttpContext));
            }
            else
            {
                metrics.OrderPlaced();
            }
        }

        return result;
    }
}
