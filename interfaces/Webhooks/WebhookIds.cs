using System.Security.Cryptography;
using System.Text;

namespace OrderGrains.Interfaces.Webhooks;

/// <summary>
/// Identifiers of webhooks. An event id is stable per order, order version and event type, so a receiver dedupes the
/// duplicates that at-least-once delivery can produce; a delivery id names the subscription and the event.
/// </summary>
public static class WebhookIds
{
    /// <summary>The key of the one <see cref="IWebhookRegistryGrain"/>.</summary>
    public const string RegistryKey = "all";

    /// <summary>Prefix of subscription ids.</summary>
    public const string SubscriptionPrefix = "wh_";

    /// <summary>Prefix of event ids.</summary>
    public const string EventPrefix = "evt_";

    /// <summary>A new subscription id: <c>wh_</c> and 20 random hex digits.</summary>
    public static string NewSubscriptionId() => SubscriptionPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>The event id of <paramref name="eventType"/> for version <paramref name="version"/> of an order.</summary>
    public static string EventId(string orderId, long version, string eventType)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{orderId}\n{version}\n{eventType}"));
        return EventPrefix + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>The delivery id of an event to a subscription: <c>{subscriptionId}.{eventId}</c>.</summary>
    public static string DeliveryId(string subscriptionId, string eventId) => $"{subscriptionId}.{eventId}";

    /// <summary>True if <paramref name="id"/> has the shape of a subscription id.</summary>
    public static bool IsSubscriptionId(string? id) =>
        id is { Length: > 3 and <= 64 } && id.StartsWith(SubscriptionPrefix, StringComparison.Ordinal) && id[3..].All(char.IsAsciiHexDigitLower);

    /// <summary>Splits a delivery id into its subscription id and event id; false if it is not one.</summary>
    public static bool TryParseDeliveryId(string? deliveryId, out string subscriptionId, out string eventId)
    {
        subscriptionId = eventId = string.Empty;
        var dot = deliveryId?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot < 0)
        {
            return false;
        }

        var subscription = deliveryId![..dot];
        var evt = deliveryId[(dot + 1)..];
        if (!IsSubscriptionId(subscription) || !evt.StartsWith(EventPrefix, StringComparison.Ordinal) || evt.Length > 64
            || !evt[EventPrefix.Length..].All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        (subscriptionId, eventId) = (subscription, evt);
        return true;
    }
}
