using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Placement;

/// <summary>A cluster of silos that call each other over TCP.</summary>
public sealed class ClusterOptions
{
    /// <summary>This silo's name in the cluster; must be one of <see cref="Silos"/>.</summary>
    public string SiloName { get; set; } = string.Empty;

    /// <summary>Every silo as <c>name=address:port</c>, the same list on every silo.</summary>
    public IList<string> Silos { get; } = [];

    /// <summary>Number of partitions grains are hashed into (default 256); the same on every silo.</summary>
    public int Partitions { get; set; } = 256;

    /// <summary>Connection limits and timeouts.</summary>
    public TransportOptions Transport { get; set; } = new();

    /// <summary>The parsed silo list; fails with a clear message on bad settings.</summary>
    public IReadOnlyList<SiloEndpoint> Validate()
    {
        if (Partitions is < 1 or > 65_536)
        {
            throw new InvalidOperationException("ClusterOptions.Partitions must be between 1 and 65536.");
        }

        Transport.Validate();
        var silos = Silos.Select(SiloEndpoint.Parse).ToList();
        if (silos.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != silos.Count)
        {
            throw new InvalidOperationException("ClusterOptions.Silos names a silo twice.");
        }

        return silos.Any(s => s.Name == SiloName)
            ? silos
            : throw new InvalidOperationException($"ClusterOptions.SiloName '{SiloName}' is not in ClusterOptions.Silos.");
    }
}
