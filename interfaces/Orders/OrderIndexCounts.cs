namespace OrderGrains.Interfaces.Orders;

/// <summary>Counts over the order index (the dashboard's live business view).</summary>
/// <param name="ByStatus">Orders per status name (statuses with no orders are absent).</param>
/// <param name="Total">All indexed orders.</param>
/// <param name="CreatedSince">Orders created at or after the asked time.</param>
/// <param name="MultiWarehouse">Orders whose shipments come from more than one warehouse (split shipments).</param>
/// <param name="WithWarehouse">Orders allocated to at least one warehouse.</param>
public sealed record OrderIndexCounts(
    IReadOnlyDictionary<string, long> ByStatus,
    long Total,
    long CreatedSince,
    long MultiWarehouse,
    long WithWarehouse);
