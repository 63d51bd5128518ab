namespace OrderGrains.Grains.Promises;

/// <summary>An order a promise watch tracks, with its promised hand-over time while that is not yet found overdue.</summary>
public sealed record WatchedOrder(DateTimeOffset? HandoverDue);
