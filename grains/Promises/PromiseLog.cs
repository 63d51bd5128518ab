using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Promises;

/// <summary>Log messages of delivery promises (event ids 5000-5099).</summary>
internal static partial class PromiseLog
{
    [LoggerMessage(5000, LogLevel.Debug, "Promise {WarehouseId} via {Lane}: {Text} (transit from {Level})")]
    public static partial void Promised(this ILogger logger, string warehouseId, string lane, string text, string level);

    [LoggerMessage(5001, LogLevel.Warning, "Could not read the learned distribution {Key}; using the levels above it")]
    public static partial void DistributionReadFailed(this ILogger logger, string key, Exception exception);

    [LoggerMessage(5002, LogLevel.Debug, "Lane {Key} learned {Count} outcome(s); {Effective:0.0} effective observations")]
    public static partial void Learned(this ILogger logger, string key, int count, double effective);

    [LoggerMessage(5003, LogLevel.Information, "Shipment {OrderId}/{ShipmentId} at risk: P(on time) {Probability:0.000} < {Threshold:0.00}; best option {Option}")]
    public static partial void AtRisk(this ILogger logger, string orderId, string shipmentId, double probability, double threshold, string option);

    [LoggerMessage(5004, LogLevel.Information, "Warehouse {WarehouseId} changed ({Reason}); {Orders} order(s) re-evaluate their promises")]
    public static partial void WatchTriggered(this ILogger logger, string warehouseId, string reason, int orders);

    [LoggerMessage(5005, LogLevel.Warning, "Order {OrderId} could not re-evaluate its promise after a change at {WarehouseId}")]
    public static partial void ReevaluationFailed(this ILogger logger, string orderId, string warehouseId, Exception exception);

    [LoggerMessage(5006, LogLevel.Warning, "Promise watch of {WarehouseId} could not read the warehouse")]
    public static partial void WatchReadFailed(this ILogger logger, string warehouseId, Exception exception);

    [LoggerMessage(5008, LogLevel.Debug, "Quote to {Region}: {Text}")]
    public static partial void Quoted(this ILogger logger, string region, string? text);
}
