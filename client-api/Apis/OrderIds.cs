using System.Security.Cryptography;
using System.Text;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// Order ids. With an Idempotency-Key the id is derived from the caller and the key, so a replay reaches the same
/// order grain, which returns the first result (or refuses a different body with the same key).
/// </summary>
public static class OrderIds
{
    /// <summary>The id of the order placed by <paramref name="clientId"/> under <paramref name="idempotencyKey"/>.</summary>
    public static string FromIdempotencyKey(string clientId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{clientId}\n{idempotencyKey}"));
        return "ord-" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>A fresh id for an order placed without a key.</summary>
    public static string New() => "ord-" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>True for strings that can be an order id (bounded, no separators used by keys).</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
