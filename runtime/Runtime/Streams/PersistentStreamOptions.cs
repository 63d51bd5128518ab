namespace OrderGrains.Runtime.Streams;

/// <summary>Options of a persistent stream provider.</summary>
public sealed class PersistentStreamOptions
{
    /// <summary>Storage that holds the events; null for the default storage.</summary>
    public string? StorageName { get; set; }

    /// <summary>How often the store is checked for undelivered events written by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How soon after an event on a stream with no subscriber known to this silo the store is polled: subscriptions
    /// made by other silos or clients are found then. Events in a burst share that poll.
    /// </summary>
    public TimeSpan EventPollDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Delivery attempts of one event to one subscription before it is dead-lettered.</summary>
    public int MaxDeliveryAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles with each attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events read per query.</summary>
    public int ReadBatchSize { get; set; } = 256;

    /// <summary>Subscriptions delivered to at the same time.</summary>
    public int MaxConcurrentSubscriptions { get; set; } = 64;

    internal void Validate(string name)
    {
        if (PollInterval <= TimeSpan.Zero || EventPollDelay < TimeSpan.Zero || RetryDelay < TimeSpan.Zero || MaxDeliveryAttempts < 1 || ReadBatchSize < 1 || MaxConcurrentSubscriptions < 1)
        {
            throw new InvalidOperationException($"Invalid options for persistent stream provider '{name}': the poll interval must be positive, delays not negative and counts at least 1.");
        }
    }
}
