using System.Diagnostics.Metrics;

namespace OrderGrains.Runtime.Placement;

/// <summary>Metrics of a database cluster (meter <c>OrderGrains.Cluster</c>).</summary>
internal sealed class ClusterInstruments : IDisposable
{
    /// <summary>Name of the cluster's meter.</summary>
    public const string MeterName = "OrderGrains.Cluster";

    private readonly Meter _meter;
    private long _fencedWrites;

    public ClusterInstruments(IMeterFactory? meterFactory, Func<int> heldPartitions)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        FencedWritesCounter = _meter.CreateCounter<long>("ordergrains.cluster.fenced_writes", "{write}", "Writes rejected because their partition lease no longer held.");
        LeasesAcquired = _meter.CreateCounter<long>("ordergrains.cluster.leases.acquired", "{lease}", "Partition leases taken.");
        LeasesLost = _meter.CreateCounter<long>("ordergrains.cluster.leases.lost", "{lease}", "Partition leases lost without a hand-over.");
        LeasesHandedOver = _meter.CreateCounter<long>("ordergrains.cluster.leases.handed_over", "{lease}", "Partition leases released to other silos.");
        ForwardedCalls = _meter.CreateCounter<long>("ordergrains.cluster.calls.forwarded", "{call}", "Calls sent on to the partition's owner.");
        _meter.CreateObservableGauge("ordergrains.cluster.partitions.held", heldPartitions, "{partition}", "Partition leases this silo holds.");
    }

    public Counter<long> FencedWritesCounter { get; }

    public Counter<long> LeasesAcquired { get; }

    public Counter<long> LeasesLost { get; }

    public Counter<long> LeasesHandedOver { get; }

    public Counter<long> ForwardedCalls { get; }

    /// <summary>Writes rejected by fencing so far.</summary>
    public long FencedWrites => Interlocked.Read(ref _fencedWrites);

    public void Fenced(int count)
    {
        Interlocked.Add(ref _fencedWrites, count);
        FencedWritesCounter.Add(count);
    }

    public void Dispose() => _meter.Dispose();
}
