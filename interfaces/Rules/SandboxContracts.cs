namespace OrderGrains.Interfaces.Rules;

/// <summary>Where the orders of a sandbox run come from.</summary>
public enum SandboxSource
{
    /// <summary>A generated flash sale: many orders concentrated on a few hot SKUs, optionally a warehouse outage.</summary>
    FlashSale,

    /// <summary>The orders placed in a window, read from the order index and the orders themselves.</summary>
    History,
}

/// <summary>A sandbox run: replay orders against a candidate version and a baseline version side by side.</summary>
/// <param name="CandidateVersion">The version to try.</param>
/// <param name="BaselineVersion">The version to compare with; null for the active version (or no rules if none).</param>
/// <param name="Source">Generated flash sale or history.</param>
/// <param name="Seed">Seed of the generated scenario (same seed, same orders, same result).</param>
/// <param name="Orders">Orders to generate (flash sale).</param>
/// <param name="HotSkus">SKUs the flash sale concentrates on.</param>
/// <param name="VolumeMultiplier">How much more each hot SKU sells than a normal one.</param>
/// <param name="Skus">SKUs to sell (their live stock is copied); null for a synthetic catalogue with synthetic stock.</param>
/// <param name="OutageWarehouse">A warehouse that goes offline during the day (flash sale), if any.</param>
/// <param name="OutageAt">Time of day (UTC) of the outage; 10:00 when not given.</param>
/// <param name="From">Start of the history window.</param>
/// <param name="Until">End of the history window (exclusive).</param>
/// <param name="MaxOrders">Most orders replayed.</param>
public sealed record SandboxRequest(
    int CandidateVersion,
    int? BaselineVersion = null,
    SandboxSource Source = SandboxSource.FlashSale,
    int Seed = 1,
    int Orders = 10_000,
    int HotSkus = 50,
    double VolumeMultiplier = 20,
    IReadOnlyList<string>? Skus = null,
    string? OutageWarehouse = null,
    TimeOnly? OutageAt = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null,
    int MaxOrders = 200_000);

/// <summary>State of a sandbox run.</summary>
public enum SandboxRunState
{
    Running,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>How far a run is.</summary>
public sealed record SandboxProgress(string RunId, SandboxRunState State, string Phase, long Processed, long Total, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>KPIs of one version over the replayed orders.</summary>
/// <param name="VersionId">The version (0: no rules).</param>
/// <param name="Orders">Orders replayed.</param>
/// <param name="Allocated">Orders allocated.</param>
/// <param name="Backordered">Orders that could not be sourced.</param>
/// <param name="Held">Orders held by a rule.</param>
/// <param name="AllocationRate">Allocated / orders.</param>
/// <param name="SplitRate">Allocated orders with more than one shipment / allocated.</param>
/// <param name="AvgPromisedDays">Mean of the slowest shipment's estimated days per allocated order.</param>
/// <param name="P90PromisedDays">90th percentile of the same.</param>
/// <param name="PromiseAttainment">Estimated share of allocated orders delivered on time: an order is late when a warehouse it ships from is past its daily capacity when it is allocated.</param>
/// <param name="CostToServe">Mean estimated shipping cost per allocated order.</param>
/// <param name="WarehouseLoad">Units allocated per warehouse.</param>
public sealed record SandboxKpis(
    int VersionId,
    int Orders,
    int Allocated,
    int Backordered,
    int Held,
    double AllocationRate,
    double SplitRate,
    double AvgPromisedDays,
    double P90PromisedDays,
    double PromiseAttainment,
    double CostToServe,
    IReadOnlyDictionary<string, int> WarehouseLoad);

/// <summary>An order the candidate decides differently, and why.</summary>
public sealed record SandboxChange(string OrderId, string CustomerId, string Baseline, string Candidate, IReadOnlyList<string> Why);

/// <summary>The outcome of a run: KPIs side by side and the orders whose decision changed (the first <see cref="SandboxResult.MaxChangesListed"/>).</summary>
public sealed record SandboxResult(
    string RunId,
    SandboxRequest Request,
    SandboxKpis Baseline,
    SandboxKpis Candidate,
    int ChangedOrders,
    IReadOnlyList<SandboxChange> Changes,
    double Seconds,
    double OrdersPerSecond)
{
    public const int MaxChangesListed = 500;
}

/// <summary>
/// A sandbox run (<c>sandbox/{runId}</c>): replays orders against a candidate rule set version and a baseline in an
/// isolated in-memory copy of inventory and warehouses; live state is read, never written. Runs in the background;
/// progress and result are polled; it can be cancelled. Kept in memory on its silo (a silo restart loses it).
/// </summary>
public interface ISandboxGrain : IGrainWithStringKey
{
    Task<SandboxProgress> Start(SandboxRequest request, string author);

    [AlwaysInterleave]
    Task<SandboxProgress?> GetProgress();

    [AlwaysInterleave]
    Task<SandboxResult?> GetResult();

    [AlwaysInterleave]
    Task<SandboxProgress?> Cancel();
}
