using Microsoft.Extensions.Logging;

namespace OrderGrains.Dashboard;

/// <summary>Settings of the dashboard (configuration section <c>OrderGrains:Dashboard</c> in the hosts).</summary>
public sealed class DashboardOptions
{
    /// <summary>Configuration section the hosts bind.</summary>
    public const string Section = "OrderGrains:Dashboard";

    /// <summary>
    /// True (the default): every data endpoint needs an API identity (viewer or better to look, operations or admin to
    /// change anything). Only an explicit false opens the dashboard to anyone who can reach it.
    /// </summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>
    /// How long after the last request of a dashboard client per-method call statistics are still collected
    /// (default 15 s). While nobody watches, the call filter is off and costs nothing.
    /// </summary>
    public TimeSpan WatchWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Interval of live snapshots (default 1 s).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>History kept for the charts (default 5 minutes).</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Interval of the business view's queries (order index, warehouses, stock; default 2 s).</summary>
    public TimeSpan BusinessInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for another silo's statistics before showing it as unreachable (default 2 s).</summary>
    public TimeSpan SiloTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A stock slot with this many available units or fewer is highlighted as low (default 5).</summary>
    public int LowStockUnits { get; set; } = 5;

    /// <summary>Log entries kept for the log view (default 1000).</summary>
    public int LogCapacity { get; set; } = 1000;

    /// <summary>Lowest level the log view keeps (default Information; the host's logging filters apply first).</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>Fails with a clear message on a setting out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidOperationException("Dashboard: " + message);
            }
        }

        Require(WatchWindow >= TimeSpan.FromSeconds(1) && WatchWindow <= TimeSpan.FromHours(1), "WatchWindow must be between 1 s and 1 h.");
        Require(SnapshotInterval >= TimeSpan.FromMilliseconds(100) && SnapshotInterval <= TimeSpan.FromMinutes(1), "SnapshotInterval must be between 100 ms and 1 min.");
        Require(History >= SnapshotInterval && History <= TimeSpan.FromHours(1), "History must be between SnapshotInterval and 1 h.");
        Require(BusinessInterval >= TimeSpan.FromMilliseconds(500) && BusinessInterval <= TimeSpan.FromMinutes(10), "BusinessInterval must be between 500 ms and 10 min.");
        Require(SiloTimeout >= TimeSpan.FromMilliseconds(100) && SiloTimeout <= TimeSpan.FromMinutes(1), "SiloTimeout must be between 100 ms and 1 min.");
        Require(LowStockUnits is >= 0 and <= 1_000_000, "LowStockUnits must be between 0 and 1000000.");
        Require(LogCapacity is >= 10 and <= 100_000, "LogCapacity must be between 10 and 100000.");
        Require(Enum.IsDefined(MinimumLogLevel), "MinimumLogLevel is not a log level.");
    }

    /// <summary>Snapshots kept in the history ring buffer.</summary>
    internal int HistoryPoints => (int)Math.Ceiling(History / SnapshotInterval);
}
