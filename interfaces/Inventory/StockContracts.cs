namespace OrderGrains.Interfaces.Inventory;

/// <summary>Keys of stock slot grains: <c>{sku}@{warehouse}</c>.</summary>
public static class StockSlotKey
{
    /// <summary>The key of the slot of <paramref name="sku"/> in <paramref name="warehouseId"/>.</summary>
    public static string For(string sku, string warehouseId) => $"{sku}@{warehouseId}";

    /// <summary>Splits a slot key into SKU and warehouse.</summary>
    public static (string Sku, string WarehouseId) Parse(string key)
    {
        var at = key.LastIndexOf('@');
        return at <= 0 || at == key.Length - 1
            ? throw new DomainException("stock.bad-key", $"'{key}' is not a stock slot key of the form sku@warehouse.")
            : (key[..at], key[(at + 1)..]);
    }
}

/// <summary>Stock of one SKU in one warehouse. Invariant: Reserved ≤ OnHand − SafetyStock.</summary>
public sealed record StockSnapshot(
    string Sku,
    string WarehouseId,
    int OnHand,
    int Reserved,
    int SafetyStock,
    InboundStock? ExpectedInbound,
    int OpenReservations)
{
    /// <summary>Units that can still be reserved.</summary>
    public int Available => Math.Max(0, OnHand - SafetyStock - Reserved);
}

/// <summary>Stock expected to arrive.</summary>
public sealed record InboundStock(DateOnly ExpectedOn, int Quantity);

/// <summary>A request to reserve units for an order line. Reserving again with the same id returns the first result.</summary>
/// <param name="ReservationId">Idempotency key of the reservation (e.g. order id + line + attempt).</param>
/// <param name="OrderId">The order that owns the reservation.</param>
/// <param name="Quantity">Units, at least 1.</param>
/// <param name="Hold">How long an unconfirmed reservation lasts; null for the slot's default (15 minutes).</param>
public sealed record ReserveRequest(string ReservationId, string OrderId, int Quantity, TimeSpan? Hold = null);

/// <summary>Outcome of a reservation.</summary>
public sealed record ReservationResult(bool Success, string ReservationId, int Quantity, string? FailureReason, StockSnapshot Snapshot);

/// <summary>Availability change of a slot, published on stream namespace <see cref="StockStreams.Availability"/> keyed by SKU.</summary>
public sealed record AvailabilityChanged(string Sku, string WarehouseId, int Available, int OnHand, int Reserved, InboundStock? ExpectedInbound, DateTimeOffset At);

/// <summary>Availability of a SKU in one warehouse, as known to the SKU inventory view.</summary>
public sealed record SkuAvailability(string WarehouseId, int Available, int OnHand, InboundStock? ExpectedInbound, DateTimeOffset UpdatedAt);

/// <summary>Stream names of the inventory.</summary>
public static class StockStreams
{
    /// <summary>Persistent stream provider of the domain.</summary>
    public const string Provider = "events";

    /// <summary>Availability changes, keyed by SKU.</summary>
    public const string Availability = "stock-availability";
}
