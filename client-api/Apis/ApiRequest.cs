using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.ClientApi.Apis;

/// <summary>What every command endpoint reads from the request: the caller and the idempotency key.</summary>
public static class ApiRequest
{
    /// <summary>Header carrying a client's idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The key sent by the client, or null; a key longer than 200 characters or with control characters is refused.</summary>
    public static string? IdempotencyKey(HttpContext context, ApiValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        if (!context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > 200 || key.Any(char.IsControl))
        {
            errors.Add(IdempotencyKeyHeader, "One key of 1-200 printable characters.");
            return null;
        }

        return key;
    }

    /// <summary>
    /// The command context: the client's key scoped to the caller, or a fresh key when none was sent (the command is
    /// then not safe to retry). The actor on the timeline is the caller's id.
    /// </summary>
    public static CommandContext Command(ClaimsPrincipal user, string? idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(user);
        var actor = user.ClientId();
        return new CommandContext(idempotencyKey is null ? Guid.NewGuid().ToString("N") : $"{actor}:{idempotencyKey}", actor);
    }

    /// <summary>True when <paramref name="user"/> may see <paramref name="order"/>: channel systems see their own channel's orders only.</summary>
    public static bool MaySee(ClaimsPrincipal user, OrderView order)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(order);
        var channel = user.ChannelOf();
        return channel is null || string.Equals(channel, order.Channel, StringComparison.Ordinal);
    }
}
