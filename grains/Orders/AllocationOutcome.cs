using OrderGrains.Interfaces.Routing;

namespace OrderGrains.Grains.Orders;

/// <summary>What the allocation saga achieved: shipments holding reservations, or why it could not.</summary>
internal sealed record AllocationOutcome(
    bool Success,
    IReadOnlyList<ShipmentState> Shipments,
    RoutingDecision? Decision,
    IReadOnlyList<string> FailedAttempts,
    string? FailureReason,
    IReadOnlyList<ShortLine> ShortLines);
