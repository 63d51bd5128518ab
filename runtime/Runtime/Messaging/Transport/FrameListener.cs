using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>Accepts connections on an endpoint, runs the handshake and serves each connection's requests.</summary>
internal sealed class FrameListener(IPEndPoint endpoint, string localId, TransportOptions options, IFrameHandler handler) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<FrameConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task _accepting = Task.CompletedTask;

    /// <summary>The bound endpoint (its port when 0 was asked).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket?.LocalEndPoint ?? throw new InvalidOperationException("The listener is not started."));

    /// <summary>Open connections.</summary>
    public IReadOnlyCollection<FrameConnection> Connections => [.. _connections.Keys];

    /// <summary>Counts connections refused at the handshake (bad magic, other protocol version, timeout).</summary>
    public int RefusedHandshakes => _refused;

    private int _refused;

    public void Start()
    {
        options.Validate();
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Bind(endpoint);
        _socket.Listen(512);
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            accepted.NoDelay = true;
            _ = AcceptAsync(accepted);
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(options.HandshakeTimeout);
        string peerId;
        try
        {
            peerId = await Handshake.AcceptAsync(reader, writer, localId, options, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException or IOException or SocketException)
        {
            Interlocked.Increment(ref _refused);
            socket.Dispose();
            return;
        }

        var connection = new FrameConnection(socket, reader, writer, peerId, options, handler);
        _connections[connection] = 0;
        connection.Start();
        _ = connection.Closed.ContinueWith(_ => _connections.TryRemove(connection, out byte _), TaskScheduler.Default);
    }
}
