using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Client;

/// <summary>How a cluster client finds the silos and how long its calls may take.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The client's name, shown to silos in the handshake.</summary>
    public string ClientName { get; set; } = "client-" + Environment.ProcessId;

    /// <summary>
    /// Gateways to start from, as <c>name=address:port</c>: every silo of a static cluster, or any few silos of a
    /// database cluster (the client learns the other silos and each partition's owner from them).
    /// </summary>
    public IList<string> Silos { get; } = [];

    /// <summary>Number of partitions; the silos' value.</summary>
    public int Partitions { get; set; } = 256;

    /// <summary>Deadline of calls whose method declares none.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection limits and timeouts.</summary>
    public TransportOptions Transport { get; set; } = new();

    /// <summary>First delay before a call that surely did not run is retried (exponential with jitter; default 100 ms).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a silo's circuit stays open after repeated connection failures (default 1 s).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(1);

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

        if (RetryBaseDelay <= TimeSpan.Zero || CircuitBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new InvalidOperationException("ClusterClientOptions: RetryBaseDelay must be positive and CircuitBreakDuration at least 500 ms.");
        }

        Transport.Validate();
        return [.. Silos.Select(SiloEndpoint.Parse)];
    }
}
