namespace OrderGrains.Dashboard;

/// <summary>
/// Whether anyone watches: <see cref="HasViewers"/> while a dashboard client of this process was active within the
/// watch window, <see cref="IsCollecting"/> also while another process's dashboard asks this silo for statistics.
/// Both are plain flags (read on every grain call by the runtime) that a timer turns off once the window passes.
/// </summary>
internal sealed class DashboardWatch : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _window;
    private readonly ITimer _expiry;
    private long _lastViewer = long.MinValue / 2;
    private long _lastQuery = long.MinValue / 2;
    private volatile bool _viewers;
    private volatile bool _collecting;

    public DashboardWatch(TimeProvider time, TimeSpan window)
    {
        _time = time;
        _window = (long)(window.TotalSeconds * time.TimestampFrequency);
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, window.Ticks / 4));
        _expiry = time.CreateTimer(_ => Expire(), null, tick, tick);
    }

    /// <summary>True while a dashboard client of this process watches.</summary>
    public bool HasViewers => _viewers;

    /// <summary>True while per-call statistics are wanted (local viewers or a remote dashboard asking).</summary>
    public bool IsCollecting => _collecting;

    /// <summary>A dashboard client of this process made a request.</summary>
    public void ViewerActive()
    {
        Volatile.Write(ref _lastViewer, _time.GetTimestamp());
        _viewers = true;
        _collecting = true;
    }

    /// <summary>Another process's dashboard asked this silo for its statistics.</summary>
    public void QueriedRemotely()
    {
        Volatile.Write(ref _lastQuery, _time.GetTimestamp());
        _collecting = true;
    }

    /// <summary>Turns the flags off once their window has passed (the timer calls it; tests may too).</summary>
    public void Expire()
    {
        var now = _time.GetTimestamp();
        var viewers = now - Volatile.Read(ref _lastViewer) < _window;
        _viewers = viewers;
        _collecting = viewers || now - Volatile.Read(ref _lastQuery) < _window;
    }

    public void Dispose() => _expiry.Dispose();
}
