using System.Net;
using System.Net.Sockets;

namespace OrderGrains.Runtime.Testing;

/// <summary>Loopback ports for test servers.</summary>
public static class TestPorts
{
    /// <summary>A loopback TCP port that was free a moment ago (the OS picks it; a race with another process is possible but rare).</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
