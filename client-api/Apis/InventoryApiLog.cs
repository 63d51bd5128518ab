using Microsoft.Extensions.Logging;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Log messages of the inventory endpoints (event ids 6200-6219): who changed which stock, for audit.</summary>
internal static partial class InventoryApiLog
{
    public const string Category = "OrderGrains.ClientApi.Inventory";

    [LoggerMessage(6200, LogLevel.Information, "{Client} received {Quantity} units of {Sku} in {WarehouseId} (reference {Reference}); on hand {OnHand}")]
    public static partial void Received(this ILogger logger, string client, string sku, string warehouseId, int quantity, string reference, int onHand);

    [LoggerMessage(6201, LogLevel.Information, "{Client} adjusted {Sku} in {WarehouseId} by {Delta} ({Reason}, reference {Reference}); on hand {OnHand}")]
    public static partial void Adjusted(this ILogger logger, string client, string sku, string warehouseId, int delta, string reason, string reference, int onHand);

    [LoggerMessage(6202, LogLevel.Information, "{Client} set safety stock of {Sku} in {WarehouseId} to {Units}")]
    public static partial void SafetyStockSet(this ILogger logger, string client, string sku, string warehouseId, int units);

    [LoggerMessage(6203, LogLevel.Information, "{Client} set expected inbound of {Sku} in {WarehouseId} to {Quantity} units on {ExpectedOn}")]
    public static partial void ExpectedInboundSet(this ILogger logger, string client, string sku, string warehouseId, int quantity, DateOnly expectedOn);

    [LoggerMessage(6204, LogLevel.Information, "{Client} cleared expected inbound of {Sku} in {WarehouseId}")]
    public static partial void ExpectedInboundCleared(this ILogger logger, string client, string sku, string warehouseId);
}
