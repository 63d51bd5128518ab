namespace OrderGrains.Runtime.Placement;

/// <summary>A silo's status in the membership table (stored as its number).</summary>
public enum SiloStatus
{
    /// <summary>Registered, not yet serving partitions.</summary>
    Joining = 0,

    /// <summary>Serving its partitions.</summary>
    Active = 1,

    /// <summary>Leaving gracefully: handing its partitions over.</summary>
    ShuttingDown = 2,

    /// <summary>Gone (left, or declared dead after missing heartbeats); never comes back under the same id.</summary>
    Dead = 3,
}

/// <summary>A row of the membership table.</summary>
/// <param name="SiloId">The silo's identity: <c>name@address:port/generation</c>.</param>
/// <param name="Name">The configured silo name.</param>
/// <param name="Address">Silo-to-silo endpoint (<c>address:port</c>).</param>
/// <param name="Gateway">Client gateway endpoint, if any.</param>
/// <param name="Generation">Distinguishes restarts of the same name and address (database time of registration).</param>
/// <param name="Status">Current status.</param>
/// <param name="StartedAt">Registration time (database clock).</param>
/// <param name="HeartbeatAge">Time since the last heartbeat, by the database clock.</param>
public sealed record SiloRecord(
    string SiloId, string Name, string Address, string? Gateway, long Generation, SiloStatus Status, DateTimeOffset StartedAt, TimeSpan HeartbeatAge);

/// <summary>A row of the partition lease table.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="OwnerId">The holder's silo id, or null when unowned.</param>
/// <param name="Epoch">Incremented on every change of owner.</param>
/// <param name="Remaining">Time until expiry by the database clock (negative when expired).</param>
public sealed record LeaseRecord(int Partition, string? OwnerId, long Epoch, TimeSpan Remaining);
