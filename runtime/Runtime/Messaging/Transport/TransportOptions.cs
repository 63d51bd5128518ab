namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>Limits and timeouts of silo-to-silo and client-to-silo connections.</summary>
public sealed class TransportOptions
{
    /// <summary>Largest frame payload accepted or sent (default 4 MiB); larger frames fail with a clear error.</summary>
    public int MaxFrameBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Time allowed for the handshake of a new connection.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Frames queued for sending per connection before senders wait (back-pressure).</summary>
    public int SendQueueCapacity { get; set; } = 4096;

    /// <summary>Requests a connection runs at once; further requests wait to be read (back-pressure on the sender).</summary>
    public int MaxConcurrentRequests { get; set; } = 10_000;

    /// <summary>Shortest wait between attempts to reconnect to an unreachable peer.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Fails start-up with a clear message on bad settings.</summary>
    public void Validate()
    {
        if (MaxFrameBytes is < 1024 or > 256 * 1024 * 1024)
        {
            throw new InvalidOperationException("TransportOptions.MaxFrameBytes must be between 1 KiB and 256 MiB.");
        }

        if (HandshakeTimeout <= TimeSpan.Zero || SendQueueCapacity < 1 || MaxConcurrentRequests < 1 || ReconnectDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("TransportOptions: HandshakeTimeout must be positive, SendQueueCapacity and MaxConcurrentRequests at least 1.");
        }
    }
}
