using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Orders;

/// <summary>Log messages of orders (event ids 4400-4499). No personal data.</summary>
internal static partial class OrderLog
{
    [LoggerMessage(4400, LogLevel.Information, "Order {OrderId} {EventType}: {Reason}")]
    public static partial void Event(ILogger logger, string orderId, string eventType, string? reason);

    [LoggerMessage(4402, LogLevel.Information, "Order {OrderId} rerouted away from {WarehouseId}: {Reason}")]
    public static partial void Rerouted(ILogger logger, string orderId, string warehouseId, string reason);

    [LoggerMessage(4403, LogLevel.Warning, "Order {OrderId}: waking its live timeline watchers failed; they see the events when their wait ends")]
    public static partial void WatchNotifyFailed(ILogger logger, string orderId, Exception exception);

    [LoggerMessage(4410, LogLevel.Warning, "Order {OrderId}: the promise service failed; the order goes on without it")]
    public static partial void PromiseUnavailable(ILogger logger, string orderId, Exception exception);
}
