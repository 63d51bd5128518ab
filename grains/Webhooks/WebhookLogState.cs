namespace OrderGrains.Grains.Webhooks;

/// <summary>Finished deliveries of <see cref="WebhookEndpointGrain"/>, written when a delivery finishes or is replayed.</summary>
public sealed class WebhookLogState
{
    /// <summary>The latest finished deliveries, newest last (bounded, without payloads).</summary>
    public List<DeliveryRecord> Log { get; set; } = [];

    /// <summary>Deliveries whose budget ran out, newest last (bounded, with payloads for replay).</summary>
    public List<DeliveryRecord> DeadLetters { get; set; } = [];
}
