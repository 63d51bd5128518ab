namespace OrderGrains.Runtime.Diagnostics;

/// <summary>A silo as the cluster lists it.</summary>
/// <param name="Name">The silo's name.</param>
/// <param name="Endpoint">Where other silos call it (<c>address:port</c>).</param>
public sealed record ClusterMember(string Name, string Endpoint);

/// <summary>
/// A read-only view of the cluster this silo is part of: its members and who owns each partition. Kept narrow so the
/// way ownership is decided (static today, leases later) can change behind it.
/// </summary>
public interface IClusterInspector
{
    /// <summary>This silo's name.</summary>
    string LocalSilo { get; }

    /// <summary>Every silo of the cluster, this one included.</summary>
    IReadOnlyList<ClusterMember> Members { get; }

    /// <summary>The owner silo's name of each partition (index = partition), null while a partition has no owner.</summary>
    IReadOnlyList<string?> PartitionOwners();
}
