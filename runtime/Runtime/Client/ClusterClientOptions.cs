using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Client;

/// <summary>How a cluster client finds the silos and how long its calls may take.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The client's name, shown to silos in the handshake.</summary>
    public string ClientName { get; set; } = "client-" + Environment.ProcessId;

    /// <summary>Every silo as <c>name=address:port</c>, as the silos list them.</summary>
    public IList<string> Silos { get; } = [];

    /// <summary>Number of partitions; the silos' value.</summary>
    public int Partitions { get; set; } = 256;

    /// <summary>Deadline of calls whose method declares none.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection limits and timeouts.</summary>
    public TransportOptions Transport { get; set; } = new();

    /// <summary>The parsed silo list; fails with a clear message on bad settings.</summary>
    public IReadOnlyList<SiloEndpoint> Validate()
    {
        if (Silos.Count == 0)
        {
            throw new InvalidOperationException("ClusterClientOptions.Silos must list the cluster's silos (name=address:port).");
        }

        if (Partitions is < 1 or > 65_536 || ResponseTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("ClusterClientOptions: Partitions must be between 1 and 65536 and ResponseTimeout positive.");
        }

        Transport.Validate();
        return [.. Silos.Select(SiloEndpoint.Parse)];
    }
}
