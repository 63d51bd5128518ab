namespace OrderGrains.Grains.Inventory;

/// <summary>The first answer given to a reservation id, kept so that a retry gets the same answer.</summary>
public sealed record ReservationOutcome(string ReservationId, string OrderId, int Quantity, bool Success, string? FailureReason);
