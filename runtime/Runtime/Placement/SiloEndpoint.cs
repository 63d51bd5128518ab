using System.Net;

namespace OrderGrains.Runtime.Placement;

/// <summary>A silo of the cluster: its name and the endpoint other silos call it on.</summary>
public sealed record SiloEndpoint(string Name, IPEndPoint Endpoint)
{
    /// <summary>Parses <c>name=host:port</c>.</summary>
    public static SiloEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !IPEndPoint.TryParse(text[(equals + 1)..], out var endpoint) || endpoint.Port == 0)
        {
            throw new FormatException($"'{text}' is not a silo of the form name=address:port (e.g. silo-1=127.0.0.1:11111).");
        }

        return new SiloEndpoint(text[..equals], endpoint);
    }
}
