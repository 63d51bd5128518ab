using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Routing;

/// <summary>Log messages of routing (event ids 4200-4299).</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(4200, LogLevel.Debug, "Routed order {OrderId}: {Shipments} shipments, score {Score:0.00}, SLA met {MeetsSla}")]
    public static partial void Routed(this ILogger logger, string orderId, int shipments, double score, bool meetsSla);

    [LoggerMessage(4201, LogLevel.Information, "No route for order {OrderId}: {Reason}")]
    public static partial void NoRoute(this ILogger logger, string orderId, string? reason);

    [LoggerMessage(4202, LogLevel.Debug, "Inventory view knows nothing of {Sku}; asking {Warehouses} stock slots")]
    public static partial void AskingSlots(this ILogger logger, string sku, int warehouses);

    [LoggerMessage(4203, LogLevel.Warning, "Could not read availability of {Sku} from {Source}")]
    public static partial void AvailabilityReadFailed(this ILogger logger, string sku, string source, Exception exception);

    [LoggerMessage(4204, LogLevel.Warning, "Routing order {OrderId} without delivery promises (carrier table only): the promise service failed")]
    public static partial void PromisesUnavailable(this ILogger logger, string orderId, Exception exception);
}
