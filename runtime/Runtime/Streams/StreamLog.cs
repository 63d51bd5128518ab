using Microsoft.Extensions.Logging;

namespace OrderGrains.Runtime.Streams;

/// <summary>Log messages of stream providers (event ids 1100-1149).</summary>
internal static partial class StreamLog
{
    [LoggerMessage(1100, LogLevel.Warning, "Delivery of {Provider}/{Stream} #{Sequence} to {Subscriber} failed (attempt {Attempt})")]
    public static partial void DeliveryFailed(ILogger logger, string provider, StreamId stream, long sequence, GrainId subscriber, int attempt, Exception exception);

    [LoggerMessage(1101, LogLevel.Error, "Dead-lettered {Provider}/{Stream} #{Sequence} for {Subscriber} after {Attempts} attempts")]
    public static partial void DeadLettered(ILogger logger, string provider, StreamId stream, long sequence, GrainId subscriber, int attempts);

    [LoggerMessage(1102, LogLevel.Error, "Stream agent of {Provider} failed; retrying")]
    public static partial void AgentFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(1103, LogLevel.Warning, "Memory stream delivery of {Provider}/{Stream} to {Subscriber} failed")]
    public static partial void MemoryDeliveryFailed(ILogger logger, string provider, StreamId stream, string subscriber, Exception exception);

    [LoggerMessage(1104, LogLevel.Warning, "Checkpoint of {Provider}/{Stream} for {Subscriber} was not stored; its events are delivered again from storage")]
    public static partial void CheckpointFailed(ILogger logger, string provider, StreamId stream, GrainId subscriber, Exception exception);
}
