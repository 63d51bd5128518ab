namespace OrderGrains.Runtime;

/// <summary>A timer of one activation; its callbacks run as turns of that activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period (<see cref="Timeout.InfiniteTimeSpan"/> for one shot).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Options of a grain timer.</summary>
public readonly record struct GrainTimerCreationOptions
{
    /// <summary>Creates options with a due time and a period.</summary>
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Time between ticks, measured from the end of the previous tick; <see cref="Timeout.InfiniteTimeSpan"/> for one shot.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Ticks may interleave with requests (otherwise a tick waits for the running request, as a request would).</summary>
    public bool Interleave { get; init; }

    /// <summary>Ticks count as activity, so the activation is not collected while the timer runs.</summary>
    public bool KeepAlive { get; init; }
}
