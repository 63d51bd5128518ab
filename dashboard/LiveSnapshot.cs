using OrderGrains.Dashboard.Business;
using OrderGrains.Dashboard.Cluster;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Dashboard;

/// <summary>A silo as the dashboard shows it.</summary>
/// <param name="Name">The silo.</param>
/// <param name="Status"><c>up</c>, or <c>unreachable</c> when it did not answer (see <paramref name="Error"/>).</param>
/// <param name="Error">Why it did not answer.</param>
/// <param name="StartedAt">When its runtime started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="CpuPercent">Process CPU over all cores.</param>
/// <param name="WorkingSetBytes">Process working set.</param>
/// <param name="GcHeapBytes">Managed heap.</param>
/// <param name="Activations">Current activations.</param>
/// <param name="MailboxLength">Waiting requests over all activations.</param>
/// <param name="PartitionsOwned">Partitions this silo owns in the cluster's map.</param>
/// <param name="CallsPerSecond">Grain calls per second.</param>
/// <param name="ExceptionsPerSecond">Failed grain calls per second.</param>
/// <param name="StreamLag">Undelivered events per stream provider.</param>
public sealed record SiloView(
    string Name,
    string Status,
    string? Error,
    DateTimeOffset? StartedAt,
    double UptimeSeconds,
    double CpuPercent,
    long WorkingSetBytes,
    long GcHeapBytes,
    int Activations,
    long MailboxLength,
    int PartitionsOwned,
    double CallsPerSecond,
    double ExceptionsPerSecond,
    IReadOnlyDictionary<string, long> StreamLag);

/// <summary>The partition map: owner per partition and partitions per silo.</summary>
public sealed record PartitionView(int Count, IReadOnlyList<string?> Owners, IReadOnlyDictionary<string, int> BySilo);

/// <summary>A grain type over the cluster.</summary>
public sealed record GrainTypeView(string GrainType, long Activations, double CallsPerSecond, double ExceptionsPerSecond, double AverageMs, double P99Ms);

/// <summary>Cluster-wide totals.</summary>
public sealed record Totals(double CallsPerSecond, double ExceptionsPerSecond, long Activations, double AverageMs, double MaxP99Ms, long MailboxLength);

/// <summary>One point of the charts' history.</summary>
public sealed record HistoryPoint(
    DateTimeOffset At,
    double CallsPerSecond,
    double ExceptionsPerSecond,
    double AverageMs,
    double MaxP99Ms,
    long Activations,
    IReadOnlyDictionary<string, double> CpuBySilo,
    long OrdersLastMinute,
    IReadOnlyDictionary<string, long> OrdersByStatus,
    long Reroutes);

/// <summary>Everything the page shows at one moment; pushed on the live channel every snapshot interval.</summary>
public sealed record LiveSnapshot(
    DateTimeOffset At,
    string ServedBy,
    IReadOnlyList<SiloView> Silos,
    PartitionView Partitions,
    IReadOnlyList<ClusterEvent> ClusterEvents,
    IReadOnlyList<GrainTypeView> GrainTypes,
    IReadOnlyList<MethodReport> Methods,
    Totals Totals,
    BusinessSnapshot? Business,
    HistoryPoint Point);
