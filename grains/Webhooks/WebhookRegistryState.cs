namespace OrderGrains.Grains.Webhooks;

/// <summary>Persistent state of <see cref="WebhookRegistryGrain"/>.</summary>
public sealed class WebhookRegistryState
{
    public List<StoredSubscription> Subscriptions { get; set; } = [];

    /// <summary>Grows with every change, so dispatchers keep the newest routing table.</summary>
    public long Version { get; set; }
}

/// <summary>A subscription as the registry stores it.</summary>
public sealed class StoredSubscription
{
    public string Id { get; set; } = string.Empty;

    public string Url { get; set; } = string.Empty;

    public List<string> EventTypes { get; set; } = [];

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string Secret { get; set; } = string.Empty;

    /// <summary>The caller-scoped idempotency key it was created with, if any.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Fingerprint of the creating request, to tell a replay from a conflicting reuse of its key.</summary>
    public string? RequestFingerprint { get; set; }
}
