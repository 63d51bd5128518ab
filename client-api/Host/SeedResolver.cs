using System.Net;
using System.Net.Sockets;

namespace OrderGrains.ClientApi.Host;

/// <summary>
/// Turns a seed <c>name=host:port</c> whose host is a DNS name (a Kubernetes pod name behind a headless service, a
/// compose service) into <c>name=address:port</c>. Names are resolved once, at start; from then on the client follows
/// the endpoints the cluster's partition map gives.
/// </summary>
public static class SeedResolver
{
    /// <summary>The seed with its host resolved to an address (unchanged when it already is one).</summary>
    /// <exception cref="InvalidOperationException">The seed is malformed or its host does not resolve.</exception>
    public static string Resolve(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var equals = seed.IndexOf('=', StringComparison.Ordinal);
        var colon = seed.LastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1 || !int.TryParse(seed.AsSpan(colon + 1), out var port) || port is < 1 or > 65_535)
        {
            throw new InvalidOperationException($"'{seed}' is not a silo of the form name=host:port (e.g. silo-1=127.0.0.1:11111).");
        }

        var host = seed[(equals + 1)..colon];
        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return seed;
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"The silo host '{host}' of '{seed}' does not resolve: {e.Message}", e);
        }

        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"The silo host '{host}' of '{seed}' has no address.");
        return $"{seed[..equals]}={new IPEndPoint(address, port)}";
    }
}
