using System.Net;
using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Placement;

/// <summary>
/// A cluster coordinated through the database: silos register in the membership table and heartbeat, and each
/// partition is owned through a lease row (owner, epoch, expiry by the database clock). Validated at start.
/// </summary>
public sealed class DatabaseClusterOptions
{
    /// <summary>This silo's name (a restart under the same name gets a new generation, so a new identity).</summary>
    public string SiloName { get; set; } = string.Empty;

    /// <summary>The endpoint other silos and clients call this silo on, <c>address:port</c> (e.g. 127.0.0.1:11111).</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>
    /// The address other processes reach this silo at, when it differs from the bound one (e.g. a container's name
    /// resolved to an IP); null: <see cref="Endpoint"/>.
    /// </summary>
    public string? AdvertisedEndpoint { get; set; }

    /// <summary>Number of partitions grains are hashed into (default 256); the same on every silo.</summary>
    public int Partitions { get; set; } = 256;

    /// <summary>The storage holding the membership and lease tables and whose writes are fenced; null: the default storage.</summary>
    public string? StorageName { get; set; }

    /// <summary>
    /// How long a lease lasts without renewal (default 3 s): after a crash, the time until the silo's partitions can
    /// be taken over (measured failover, kill -9 to every grain answering: under 5 s, see docs/benchmarks.md).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often leases are renewed, the heartbeat written and the partition map refreshed (default 0.75 s: four rounds per lease).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMilliseconds(750);

    /// <summary>A silo whose heartbeat is older than this is declared dead by the others (default 10 s).</summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Dead silos' rows are deleted after this long (default 1 h).</summary>
    public TimeSpan DeadSiloRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many times a call may be forwarded between silos before the caller is told to refresh (default 2).</summary>
    public int MaxForwardHops { get; set; } = 2;

    /// <summary>Partitions handed over to joining silos per renewal round (default 32).</summary>
    public int MaxHandOversPerRound { get; set; } = 32;

    /// <summary>Time a graceful leave waits for other silos to take its partitions and for forwarded calls to end (default 10 s).</summary>
    public TimeSpan LeaveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connection limits and timeouts.</summary>
    public TransportOptions Transport { get; set; } = new();

    /// <summary>Checks the settings; returns the bound and the advertised endpoint.</summary>
    public (IPEndPoint Bind, IPEndPoint Advertised) Validate()
    {
        if (string.IsNullOrWhiteSpace(SiloName) || SiloName.Contains('@', StringComparison.Ordinal) || SiloName.Contains('=', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("DatabaseClusterOptions.SiloName must be set and contain neither '@' nor '='.");
        }

        if (!IPEndPoint.TryParse(Endpoint, out var bind) || bind.Port == 0)
        {
            throw new InvalidOperationException($"DatabaseClusterOptions.Endpoint '{Endpoint}' is not address:port (e.g. 127.0.0.1:11111).");
        }

        var advertised = bind;
        if (AdvertisedEndpoint is { Length: > 0 } text && (!IPEndPoint.TryParse(text, out advertised) || advertised.Port == 0))
        {
            throw new InvalidOperationException($"DatabaseClusterOptions.AdvertisedEndpoint '{text}' is not address:port.");
        }

        if (Partitions is < 1 or > 65_536)
        {
            throw new InvalidOperationException("DatabaseClusterOptions.Partitions must be between 1 and 65536.");
        }

        if (RenewInterval <= TimeSpan.Zero || LeaseDuration < RenewInterval * 2)
        {
            throw new InvalidOperationException(
                $"DatabaseClusterOptions: RenewInterval must be positive and LeaseDuration at least twice as long (were {RenewInterval} and {LeaseDuration}), so leases are renewed well before they expire.");
        }

        if (DeathTimeout < LeaseDuration || DeadSiloRetention <= DeathTimeout || LeaveTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("DatabaseClusterOptions: DeathTimeout must be at least LeaseDuration, DeadSiloRetention longer than DeathTimeout and LeaveTimeout positive.");
        }

        if (MaxForwardHops is < 0 or > 8 || MaxHandOversPerRound < 1)
        {
            throw new InvalidOperationException("DatabaseClusterOptions: MaxForwardHops must be between 0 and 8 and MaxHandOversPerRound at least 1.");
        }

        Transport.Validate();
        return (bind, advertised);
    }
}
