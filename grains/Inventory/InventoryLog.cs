using Microsoft.Extensions.Logging;

namespace OrderGrains.Grains.Inventory;

/// <summary>Log messages of the inventory grains (event ids 4000-4099).</summary>
internal static partial class InventoryLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Reservation {ReservationId} of order {OrderId} refused by {Slot}: {Reason}")]
    public static partial void ReservationRefused(ILogger logger, string slot, string reservationId, string orderId, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Count} lapsed reservation(s) released by {Slot} ({Units} units)")]
    public static partial void ReservationsLapsed(ILogger logger, string slot, int count, int units);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Availability of {Slot} could not be published; it will be retried")]
    public static partial void PublishFailed(ILogger logger, string slot, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Availability event of {Sku}@{WarehouseId} at {At} ignored by the SKU view: not newer than {Known}")]
    public static partial void StaleAvailabilityIgnored(ILogger logger, string sku, string warehouseId, DateTimeOffset at, DateTimeOffset known);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Reservation {ReservationId} released by {Slot}: {Reason}")]
    public static partial void ReservationReleased(ILogger logger, string slot, string reservationId, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Stock of {Slot} adjusted by {Delta} ({Reason}, reference {Reference})")]
    public static partial void StockAdjusted(ILogger logger, string slot, int delta, string reason, string reference);
}
