using System.Net;
using System.Net.Sockets;

namespace OrderGrains.Api.Tests.Resilience;

/// <summary>
/// A loopback TCP relay in front of a server (here PostgreSQL) that a test can take down and bring back. Down: open
/// connections are reset and new ones are reset on accept, which is what clients see of a stopped server. Silent:
/// connections stay open but nothing gets through either way, which is what clients see of a network partition.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _pairs = [];
    private readonly List<TcpClient> _held = [];
    private readonly Task _acceptLoop;
    private volatile bool _down;
    private volatile bool _silent;

    public TcpFaultProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port clients connect to instead of the server's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Resets every open connection and every new one until <see cref="Restore"/>.</summary>
    public void TakeDown()
    {
        _down = true;
        List<(TcpClient Client, TcpClient Server)> open;
        lock (_lock)
        {
            open = [.. _pairs];
            _pairs.Clear();
        }

        foreach (var (client, server) in open)
        {
            Reset(client);
            Reset(server);
        }
    }

    /// <summary>Drops every byte from now on, in both directions, and holds new connections without answering.</summary>
    public void GoSilent() => _silent = true;

    /// <summary>
    /// Relays connections again. After silence every open connection is reset: bytes were lost, so the sessions are
    /// broken, as after a partition heals.
    /// </summary>
    public void Restore()
    {
        if (_silent)
        {
            TakeDown();
            List<TcpClient> held;
            lock (_lock)
            {
                held = [.. _held];
                _held.Clear();
            }

            held.ForEach(Reset);
            _silent = false;
        }

        _down = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Restore();
        TakeDown();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_down)
            {
                Reset(client);
                continue;
            }

            if (_silent)
            {
                lock (_lock)
                {
                    _held.Add(client);
                }

                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        lock (_lock)
        {
            _pairs.Add((client, server));
        }

        using (client)
        using (server)
        {
            var a = PumpAsync(client.GetStream(), server.GetStream());
            var b = PumpAsync(server.GetStream(), client.GetStream());
            await Task.WhenAny(a, b);
        }

        lock (_lock)
        {
            _pairs.Remove((client, server));
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
            {
                if (!_silent)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    // Linger 0: close with RST, as a dying server's kernel does, instead of a graceful FIN.
    private static void Reset(TcpClient connection)
    {
        try
        {
            // Null once the relay has closed it already.
            if (connection.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }

            connection.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
