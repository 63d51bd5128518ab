namespace OrderGrains.Grains.Promises.Evaluation;

/// <summary>One historical order line of an evaluation: when it was bought and delivered, on which lane; optionally the date the seller estimated.</summary>
public sealed record HistoricalShipment(
    DateTimeOffset Purchase,
    DateTimeOffset Delivered,
    string Origin,
    string Destination,
    string Carrier,
    DateTimeOffset? Estimated = null);
