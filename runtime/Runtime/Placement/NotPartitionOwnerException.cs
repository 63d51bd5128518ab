namespace OrderGrains.Runtime.Placement;

/// <summary>
/// A silo that does not own a grain's partition (any more) refused a request without running it: runtime requests
/// (reminder ticks, stream deliveries) stay with the owner, and a call forwarded too often goes back to its sender,
/// which refreshes its partition map and tries again.
/// </summary>
internal sealed class NotPartitionOwnerException(string message) : Exception(message);
