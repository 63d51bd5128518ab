using System.Net;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>
/// Reads the members of <see cref="SiloCluster"/> (a static cluster's configured list, or a database cluster's live
/// members from its last membership read) and its partition map.
/// </summary>
internal sealed class ClusterInspector(SiloCluster cluster, IReadOnlyList<SiloEndpoint> staticMembers) : IClusterInspector
{
    public string LocalSilo => cluster.Local.Name;

    public IReadOnlyList<ClusterMember> Members => [.. Endpoints.Select(m => new ClusterMember(m.Name, m.Endpoint.ToString()))];

    // Joining and leaving silos still answer; dead ones never come back under their id.
    private IEnumerable<SiloEndpoint> Endpoints => cluster.Leases is { } leases
        ? leases.Silos.Where(s => s.Status != SiloStatus.Dead && IPEndPoint.TryParse(s.Address, out _)).Select(s => new SiloEndpoint(s.SiloId, IPEndPoint.Parse(s.Address)))
        : staticMembers;

    internal IPEndPoint EndpointOf(string silo) =>
        Endpoints.FirstOrDefault(m => m.Name == silo)?.Endpoint ?? throw new ArgumentException($"'{silo}' is not a silo of this cluster.", nameof(silo));

    private GrainId[]? _probes;

    public IReadOnlyList<string?> PartitionOwners()
    {
        var map = cluster.Partitions;
        var probes = _probes ??= ProbesOf(map);
        var owners = new string?[probes.Length];
        for (var p = 0; p < owners.Length; p++)
        {
            owners[p] = map.OwnerOf(probes[p])?.Name;
        }

        return owners;
    }

    // The map answers "owner of a grain" only; one synthetic grain id per partition (found once by hashing) reads each
    // partition's owner through that public question, so this view needs nothing from the map's internals.
    private static GrainId[] ProbesOf(PartitionMap map)
    {
        var probes = new GrainId[map.Count];
        var found = 0;
        for (var i = 0; found < probes.Length; i++)
        {
            var id = new GrainId("$partition-probe", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var partition = map.PartitionOf(id);
            if (probes[partition].IsDefault)
            {
                probes[partition] = id;
                found++;
            }
        }

        return probes;
    }
}
