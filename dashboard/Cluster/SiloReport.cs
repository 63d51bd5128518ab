namespace OrderGrains.Dashboard.Cluster;

/// <summary>One grain method's calls over the last window of a silo.</summary>
public sealed record MethodReport(
    string GrainType,
    string Method,
    long Calls,
    long Exceptions,
    double CallsPerSecond,
    double ExceptionsPerSecond,
    double AverageMs,
    double P99Ms);

/// <summary>What a silo tells the dashboard about itself (the answer to the <c>$silo-stats</c> system call).</summary>
/// <param name="Name">The silo.</param>
/// <param name="StartedAt">When its runtime started.</param>
/// <param name="CpuPercent">Process CPU over all cores since the previous report.</param>
/// <param name="WorkingSetBytes">Process working set.</param>
/// <param name="GcHeapBytes">Managed heap size after the last GC.</param>
/// <param name="Activations">Current activations.</param>
/// <param name="ActivationsByType">Current activations per grain type.</param>
/// <param name="MailboxLength">Requests waiting for their turn over all activations.</param>
/// <param name="PartitionOwners">The silo's view of the partition map (owner per partition); empty when not clustered.</param>
/// <param name="CallsPerSecond">Grain calls per second over the window (0 while statistics were off).</param>
/// <param name="ExceptionsPerSecond">Failed grain calls per second over the window.</param>
/// <param name="Methods">Per-method statistics over the window.</param>
/// <param name="StreamLag">Undelivered events per stream provider.</param>
/// <param name="OrderEvents">Order events by type seen by this silo's order index projectors since it started.</param>
/// <param name="GrainTypes">Grain types this silo can activate.</param>
/// <param name="Logs">This silo's log entries after the sequence the asker gave (at most 200).</param>
/// <param name="LastLogSequence">Sequence of this silo's newest log entry (lower than the asker's cursor after a restart).</param>
public sealed record SiloReport(
    string Name,
    DateTimeOffset StartedAt,
    double CpuPercent,
    long WorkingSetBytes,
    long GcHeapBytes,
    int Activations,
    IReadOnlyDictionary<string, long> ActivationsByType,
    long MailboxLength,
    IReadOnlyList<string?> PartitionOwners,
    double CallsPerSecond,
    double ExceptionsPerSecond,
    IReadOnlyList<MethodReport> Methods,
    IReadOnlyDictionary<string, long> StreamLag,
    IReadOnlyDictionary<string, long> OrderEvents,
    IReadOnlyList<string> GrainTypes,
    IReadOnlyList<Logs.LogEntry> Logs,
    long LastLogSequence);

/// <summary>Stock over the stock slots active on one silo.</summary>
/// <param name="Slots">Slots read.</param>
/// <param name="OversoldUnits">Units reserved beyond on hand over those slots.</param>
/// <param name="Warehouses">Per warehouse totals and low slots.</param>
public sealed record StockReport(int Slots, long OversoldUnits, IReadOnlyList<Business.WarehouseStock> Warehouses);
