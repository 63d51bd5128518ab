namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>Frames and bytes (headers included) a connection, or a silo's connections together, sent and received.</summary>
public readonly record struct TransportCounters(long FramesSent, long BytesSent, long FramesReceived, long BytesReceived)
{
    /// <summary>Sum of two counters.</summary>
    public static TransportCounters operator +(TransportCounters left, TransportCounters right) => new(
        left.FramesSent + right.FramesSent, left.BytesSent + right.BytesSent, left.FramesReceived + right.FramesReceived, left.BytesReceived + right.BytesReceived);

    /// <summary>Sum of two counters.</summary>
    public static TransportCounters Add(TransportCounters left, TransportCounters right) => left + right;
}
