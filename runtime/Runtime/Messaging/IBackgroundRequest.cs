namespace OrderGrains.Runtime.Messaging;

/// <summary>A request the runtime makes on its own (timer tick, reminder, stream delivery) rather than a caller.</summary>
internal interface IBackgroundRequest
{
    /// <summary>Whether running it counts as activity that postpones idle collection.</summary>
    bool KeepsAlive { get; }
}
