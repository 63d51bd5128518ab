using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Grains.Webhooks;

/// <summary>One event to deliver to one endpoint, as stored in the queue, the delivery log and the dead-letter list.</summary>
public sealed class DeliveryRecord
{
    /// <summary>Attempts kept per delivery.</summary>
    public const int KeptAttempts = 10;

    public string EventId { get; set; } = string.Empty;

    public string EventType { get; set; } = string.Empty;

    public string OrderId { get; set; } = string.Empty;

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The exact body; kept while pending and in the dead-letter list, dropped in the delivery log.</summary>
    public string? Payload { get; set; }

    public WebhookDeliveryStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Start of the current retry budget: when it was queued, or last replayed.</summary>
    public DateTimeOffset BudgetStartedAt { get; set; }

    /// <summary>Attempts in the current retry budget.</summary>
    public int Attempts { get; set; }

    public int Replays { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public List<WebhookAttempt> AttemptLog { get; set; } = [];

    public void AddAttempt(WebhookAttempt attempt)
    {
        AttemptLog.Add(attempt);
        if (AttemptLog.Count > KeptAttempts)
        {
            AttemptLog.RemoveRange(0, AttemptLog.Count - KeptAttempts);
        }
    }

    /// <summary>A copy for the delivery log (without the payload).</summary>
    public DeliveryRecord ForLog()
    {
        var copy = (DeliveryRecord)MemberwiseClone();
        copy.Payload = null;
        copy.AttemptLog = [.. AttemptLog];
        return copy;
    }

    public WebhookDelivery ToView(string subscriptionId) => new(
        WebhookIds.DeliveryId(subscriptionId, EventId), subscriptionId, EventId, EventType, OrderId, Status, Attempts, CreatedAt,
        LastAttemptAt, Status == WebhookDeliveryStatus.Pending ? NextAttemptAt : null, CompletedAt, LastStatusCode, LastError, Replays, [.. AttemptLog]);
}
