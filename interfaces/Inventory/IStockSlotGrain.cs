namespace OrderGrains.Interfaces.Inventory;

/// <summary>
/// Stock of one SKU in one warehouse (<c>stock/{sku}@{warehouse}</c>): the authority on what can be reserved.
/// Never reserves more than on hand minus safety stock; unconfirmed reservations lapse after their hold.
/// </summary>
public interface IStockSlotGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<StockSnapshot> GetSnapshot();

    /// <summary>Reserves units, or fails with a reason (the slot is unchanged). Idempotent by reservation id.</summary>
    Task<ReservationResult> Reserve(ReserveRequest request);

    /// <summary>Makes a reservation permanent (no expiry) until shipped or released.</summary>
    Task<StockSnapshot> Confirm(string reservationId);

    /// <summary>Releases a reservation; no error if it is unknown (already released or lapsed).</summary>
    Task<StockSnapshot> Release(string reservationId, string reason);

    /// <summary>Ships a reservation: on hand and reserved both drop by its quantity.</summary>
    Task<StockSnapshot> Ship(string reservationId);

    /// <summary>Adds received units; idempotent by <paramref name="reference"/>.</summary>
    Task<StockSnapshot> Receive(int quantity, string reference);

    /// <summary>Corrects on hand by <paramref name="delta"/> (cycle count); refused if it would break the invariant.</summary>
    Task<StockSnapshot> Adjust(int delta, string reason, string reference);

    Task<StockSnapshot> SetSafetyStock(int units);

    Task<StockSnapshot> SetExpectedInbound(InboundStock? inbound);
}

/// <summary>Where a SKU is available (<c>sku-inventory/{sku}</c>), kept from stock slot availability events; slots stay authoritative.</summary>
public interface ISkuInventoryGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<IReadOnlyList<SkuAvailability>> GetAvailability();
}
