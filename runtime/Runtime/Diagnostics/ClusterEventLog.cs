namespace OrderGrains.Runtime.Diagnostics;

/// <summary>Kinds of <see cref="ClusterEvent"/>.</summary>
public enum ClusterEventKind
{
    /// <summary>A silo started or became reachable.</summary>
    Joined,

    /// <summary>A silo stopped or stopped answering.</summary>
    Left,

    /// <summary>Partitions changed owner.</summary>
    Takeover,
}

/// <summary>Something that happened to the cluster's membership or partition ownership.</summary>
/// <param name="At">When it was seen.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Silo">The silo it happened to (for a takeover: the new owner).</param>
/// <param name="Detail">A sentence for people.</param>
public sealed record ClusterEvent(DateTimeOffset At, ClusterEventKind Kind, string Silo, string Detail);

/// <summary>
/// The last <see cref="Capacity"/> membership and ownership events seen by this silo, oldest first. Anything that sees
/// the cluster change (the dashboard's view of the map, ownership leases) records here; readers get a copy.
/// </summary>
public sealed class ClusterEventLog
{
    /// <summary>Events kept.</summary>
    public const int Capacity = 500;

    private readonly Queue<ClusterEvent> _events = new();
    private readonly object _lock = new();

    /// <summary>Adds an event, dropping the oldest beyond <see cref="Capacity"/>.</summary>
    public void Record(ClusterEvent clusterEvent)
    {
        ArgumentNullException.ThrowIfNull(clusterEvent);
        lock (_lock)
        {
            _events.Enqueue(clusterEvent);
            while (_events.Count > Capacity)
            {
                _events.Dequeue();
            }
        }
    }

    /// <summary>The events kept, oldest first.</summary>
    public IReadOnlyList<ClusterEvent> Snapshot()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }
}
