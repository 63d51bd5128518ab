namespace OrderGrains.Grains.Promises;

/// <summary>Stored state of a promise watch: the orders with open promises at the warehouse and the load last seen.</summary>
public sealed class PromiseWatchState
{
    /// <summary>
    /// Legacy: watched orders of rows stored before they became entries of this state (one row each, see
    /// PromiseWatchGrain); activation moves them into the entries.
    /// </summary>
    public HashSet<string> Orders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Legacy: promised hand-over time per watched order (see <see cref="Orders"/>).</summary>
    public Dictionary<string, DateTimeOffset> HandoverDue { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Queued work (shift hours) at the last look; null before the first.</summary>
    public double? QueueHours { get; set; }

    public WarehouseStatus Status { get; set; }

    /// <summary>Grows with every change that notified orders (their idempotency keys).</summary>
    public long Notifications { get; set; }
}
