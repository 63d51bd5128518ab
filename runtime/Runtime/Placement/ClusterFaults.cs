namespace OrderGrains.Runtime.Placement;

/// <summary>
/// Fault injection for tests of a database cluster (register one as a singleton before the silo). A silo whose
/// renewals are blocked behaves like a paused or cut-off process that still believes it owns its partitions: it
/// neither renews nor heartbeats, and it keeps serving from its stale view, so only fencing can stop its writes.
/// </summary>
public sealed class ClusterFaults
{
    private volatile bool _blockRenewals;

    /// <summary>When true, the silo stops renewing leases and heartbeating, and does not notice its leases expiring.</summary>
    public bool BlockLeaseRenewals
    {
        get => _blockRenewals;
        set => _blockRenewals = value;
    }
}
