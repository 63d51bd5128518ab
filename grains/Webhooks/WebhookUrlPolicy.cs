using System.Net;

namespace OrderGrains.Grains.Webhooks;

/// <summary>Checks a subscription URL against <see cref="WebhookOptions"/>: shape, scheme, host allow-list and network.</summary>
public static class WebhookUrlPolicy
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>Why <paramref name="url"/> is refused, or null if it is allowed.</summary>
    public static string? Check(string? url, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"An absolute URL of at most {MaxLength} characters is required.";
        }

        if (!options.AllowedSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return $"The scheme must be one of: {string.Join(", ", options.AllowedSchemes)}.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Credentials in the URL are not allowed; deliveries are authenticated by their signature.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "A fragment is not allowed.";
        }

        var host = uri.IdnHost;
        if (options.AllowedHosts.Count > 0 && !options.AllowedHosts.Any(pattern => HostMatches(host, pattern)))
        {
            return $"The host '{host}' is not among the allowed webhook hosts.";
        }

        if (!options.AllowPrivateNetworks)
        {
            var isAddress = IPAddress.TryParse(uri.HostNameType == UriHostNameType.IPv6 ? host.Trim('[', ']') : host, out var address);
            if (isAddress ? WebhookNetworkRules.IsNonPublic(address!) : WebhookNetworkRules.IsLocalName(host))
            {
                return "Loopback, private and local network addresses are not allowed.";
            }
        }

        return null;
    }

    private static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
}
