using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrderGrains.Interfaces.Webhooks;

/// <summary>
/// Signature of webhook deliveries: header <c>OrderGrains-Signature: t={unix seconds},v1={hex}</c> where the hex is
/// HMAC-SHA256, keyed with the UTF-8 bytes of the subscription's secret, over <c>{t}.{body}</c>. The timestamp is
/// signed so a receiver can refuse replays of old deliveries (see <see cref="Verify"/>'s tolerance).
/// </summary>
public static class WebhookSignature
{
    /// <summary>Name of the signature header.</summary>
    public const string Header = "OrderGrains-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var t = timestamp.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Compute(secret, t, body))}";
    }

    /// <summary>
    /// True if <paramref name="header"/> carries a valid signature of <paramref name="body"/> whose timestamp is within
    /// <paramref name="tolerance"/> of <paramref name="now"/>. Compares in constant time.
    /// </summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (header is null)
        {
            return false;
        }

        long? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                t = seconds;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(part.AsSpan(3)));
                }
                catch (FormatException)
                {
                    // Not hex: not a signature of ours.
                }
            }
        }

        if (t is not { } stamp || signatures.Count == 0 || (now - DateTimeOffset.FromUnixTimeSeconds(stamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Compute(secret, stamp, body);
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected));
    }

    private static byte[] Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
