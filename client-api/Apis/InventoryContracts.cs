using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Availability of a SKU across warehouses, from the SKU inventory view (eventually consistent with the slots).</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="TotalAvailable">Units that can be reserved, summed over warehouses.</param>
/// <param name="TotalOnHand">Units on hand, summed over warehouses.</param>
/// <param name="TotalExpectedInbound">Units expected to arrive, summed over warehouses.</param>
/// <param name="NextInboundOn">The earliest expected arrival, if any.</param>
/// <param name="Warehouses">Availability per warehouse, by warehouse id.</param>
public sealed record SkuInventoryResponse(
    string Sku,
    int TotalAvailable,
    int TotalOnHand,
    int TotalExpectedInbound,
    DateOnly? NextInboundOn,
    IReadOnlyList<WarehouseAvailabilityResponse> Warehouses);

/// <summary>Availability of a SKU in one warehouse as the view knows it.</summary>
/// <param name="WarehouseId">Warehouse id.</param>
/// <param name="Status">The warehouse's status (null if the directory does not know it yet).</param>
/// <param name="Available">Units that can be reserved.</param>
/// <param name="OnHand">Units on hand.</param>
/// <param name="ExpectedInbound">Stock expected to arrive.</param>
/// <param name="UpdatedAt">When the slot reported this.</param>
public sealed record WarehouseAvailabilityResponse(
    string WarehouseId,
    WarehouseStatus? Status,
    int Available,
    int OnHand,
    InboundStock? ExpectedInbound,
    DateTimeOffset UpdatedAt);

/// <summary>Stock of one SKU in one warehouse, from its stock slot (authoritative).</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="WarehouseId">Warehouse id.</param>
/// <param name="OnHand">Units on hand.</param>
/// <param name="Reserved">Units reserved for orders.</param>
/// <param name="SafetyStock">Units kept back from reservations.</param>
/// <param name="Available">On hand − safety stock − reserved (never negative).</param>
/// <param name="ExpectedInbound">Stock expected to arrive.</param>
/// <param name="OpenReservations">Open reservations.</param>
public sealed record StockSlotResponse(
    string Sku,
    string WarehouseId,
    int OnHand,
    int Reserved,
    int SafetyStock,
    int Available,
    InboundStock? ExpectedInbound,
    int OpenReservations)
{
    /// <summary>The response for <paramref name="snapshot"/>.</summary>
    public static StockSlotResponse From(StockSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new(snapshot.Sku, snapshot.WarehouseId, snapshot.OnHand, snapshot.Reserved, snapshot.SafetyStock, snapshot.Available,
            snapshot.ExpectedInbound, snapshot.OpenReservations);
    }
}

/// <summary>Received stock. Idempotent by reference: the same reference again adds nothing.</summary>
/// <param name="Quantity">Units received, 1 to 1,000,000.</param>
/// <param name="Reference">Receipt reference (e.g. the purchase order or ASN), 1-64 characters of letters, digits and - _ . :.</param>
public sealed record ReceiveStockRequest(int? Quantity, string? Reference);

/// <summary>A correction of on hand (cycle count, damage). Idempotent by reference.</summary>
/// <param name="Delta">Units to add (positive) or remove (negative), not 0, at most 1,000,000 either way.</param>
/// <param name="Reason">Why, e.g. "cycle-count" (at most 200 characters).</param>
/// <param name="Reference">Adjustment reference, 1-64 characters of letters, digits and - _ . :.</param>
public sealed record AdjustStockRequest(int? Delta, string? Reason, string? Reference);

/// <summary>Units kept back from reservations.</summary>
/// <param name="Units">0 to 1,000,000.</param>
public sealed record SafetyStockRequest(int? Units);

/// <summary>Stock expected to arrive.</summary>
/// <param name="ExpectedOn">Arrival date (yyyy-MM-dd), from yesterday up to two years ahead.</param>
/// <param name="Quantity">Units, 1 to 1,000,000.</param>
public sealed record ExpectedInboundRequest(DateOnly? ExpectedOn, int? Quantity);
