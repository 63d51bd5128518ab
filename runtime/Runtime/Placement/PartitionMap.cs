namespace OrderGrains.Runtime.Placement;

/// <summary>
/// Grains are placed by a stable hash of their identity into a fixed number of partitions, and each partition has
/// one owner silo. Readers see a consistent snapshot; the owners change as a whole when the map is replaced.
/// </summary>
public sealed class PartitionMap
{
    private volatile SiloEndpoint?[] _owners;
    private volatile IReadOnlyDictionary<string, SiloEndpoint> _endpoints = new Dictionary<string, SiloEndpoint>(StringComparer.Ordinal);

    /// <summary>Creates a map of <paramref name="partitions"/> partitions, all unowned.</summary>
    public PartitionMap(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _owners = new SiloEndpoint?[partitions];
    }

    /// <summary>Number of partitions.</summary>
    public int Count => _owners.Length;

    /// <summary>The partition of a grain.</summary>
    public int PartitionOf(GrainId grainId) => (int)(Mix(grainId.StableHash) % (uint)_owners.Length);

    // FNV-1a's low bits are weakly mixed (the lowest is the parity of the bytes' low bits), and partitions are taken
    // from the low bits: a murmur3-style finalizer spreads every input bit over them.
    private static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        return hash ^ (hash >> 16);
    }

    /// <summary>The owner of a grain's partition, or null while it has none.</summary>
    public SiloEndpoint? OwnerOf(GrainId grainId) => _owners[PartitionOf(grainId)];

    /// <summary>The owner of partition <paramref name="partition"/>, or null while it has none.</summary>
    public SiloEndpoint? OwnerAt(int partition) => _owners[partition];

    /// <summary>The other silos known with the last map, by name (database cluster: by silo id).</summary>
    public IReadOnlyDictionary<string, SiloEndpoint> Endpoints => _endpoints;

    /// <summary>Replaces every owner and the known silos at once.</summary>
    public void Replace(IReadOnlyList<SiloEndpoint?> owners, IReadOnlyDictionary<string, SiloEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Replace(owners);
        _endpoints = endpoints;
    }

    /// <summary>Replaces every owner at once.</summary>
    public void Replace(IReadOnlyList<SiloEndpoint?> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (owners.Count != _owners.Length)
        {
            throw new ArgumentException($"Expected {_owners.Length} owners, got {owners.Count}.", nameof(owners));
        }

        _owners = [.. owners];
    }

    /// <summary>Spreads the partitions evenly over <paramref name="silos"/> in order (a static cluster).</summary>
    public void AssignRoundRobin(IReadOnlyList<SiloEndpoint> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0)
        {
            throw new ArgumentException("A cluster needs at least one silo.", nameof(silos));
        }

        Replace([.. Enumerable.Range(0, _owners.Length).Select(p => silos[p % silos.Count])]);
    }
}
