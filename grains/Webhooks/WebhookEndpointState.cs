namespace OrderGrains.Grains.Webhooks;

/// <summary>
/// The delivery queue of <see cref="WebhookEndpointGrain"/>: written on every enqueue and every failed attempt, so it
/// holds only what those need (the log and dead letters are in <see cref="WebhookLogState"/>).
/// </summary>
public sealed class WebhookEndpointState
{
    public string? Url { get; set; }

    public string? Secret { get; set; }

    public List<DeliveryRecord> Pending { get; set; } = [];

    /// <summary>Ids of the latest events queued (oldest first, bounded), to ignore a change delivered again.</summary>
    public List<string> RecentEventIds { get; set; } = [];

    public long Delivered { get; set; }

    public long FailedAttempts { get; set; }

    public DateTimeOffset? LastDeliveredAt { get; set; }
}
