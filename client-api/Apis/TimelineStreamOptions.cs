namespace OrderGrains.ClientApi.Apis;

/// <summary>Options of live order timelines (configuration section <c>OrderGrains:Api:Timeline</c>).</summary>
public sealed class TimelineStreamOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OrderGrains:Api:Timeline";

    /// <summary>
    /// Quiet time after which a live feed sends a heartbeat comment (default 15 s), keeping proxies from closing the
    /// connection and letting the server notice a client that left. Also the longest wait of one grain call.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Fails start-up with a clear message on bad settings.</summary>
    public void Validate()
    {
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(50) || HeartbeatInterval > TimeSpan.FromSeconds(60))
        {
            throw new InvalidOperationException($"{Section}:HeartbeatInterval must be between 50 ms and 60 s.");
        }
    }
}
