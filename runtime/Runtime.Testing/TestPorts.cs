using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrderGrains.Runtime.Testing;

/// <summary>Loopback ports for test servers.</summary>
public static class TestPorts
{
    private const int Lowest = 10_000;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A loopback TCP port that was free a moment ago and was not handed out before in this process. It is taken below
    /// the OS's ephemeral range: a port the OS picks for "any free port" is also what it gives the next outgoing
    /// connection (a database client, an HTTP call), which then takes it before the test server binds.
    /// </summary>
    public static int GetFree()
    {
        var highest = EphemeralStart() - 1;
        for (var attempt = 0; attempt < 200 && highest > Lowest; attempt++)
        {
            var port = Random.Shared.Next(Lowest, highest + 1);
            if (HandedOut.TryAdd(port, true) && IsFree(port))
            {
                return port;
            }
        }

        // No room below the ephemeral range: let the OS pick, as before.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var picked = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        HandedOut.TryAdd(picked, true);
        return picked;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the ephemeral range (Linux reports it; elsewhere the IANA default).</summary>
    private static int EphemeralStart()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(Range) && File.ReadAllText(Range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            && int.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var start))
        {
            return start;
        }

        return 49_152;
    }
}
