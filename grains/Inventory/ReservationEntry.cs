namespace OrderGrains.Grains.Inventory;

/// <summary>An open reservation of a stock slot; <paramref name="ExpiresAt"/> is null once confirmed.</summary>
public sealed record ReservationEntry(string OrderId, int Quantity, bool Confirmed, DateTimeOffset? ExpiresAt);
