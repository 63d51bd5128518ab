namespace OrderGrains.Runtime.Client;

/// <summary>
/// A process outside the cluster (an API tier, another service) calling grains: references are created without I/O
/// and each call goes straight to the silo that owns the grain's partition.
/// </summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>True once the client knows the cluster's grain types and can send calls.</summary>
    bool IsConnected { get; }
}
