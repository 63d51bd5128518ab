using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>Opens connections to peers (with the handshake), and keeps one live connection per peer, reconnecting when it drops.</summary>
internal sealed class FrameConnector(string localId, TransportOptions options, IFrameHandler? handler = null, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly Dictionary<EndPoint, Peer> _peers = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Connects to <paramref name="endpoint"/> and completes the handshake.</summary>
    /// <exception cref="SiloUnavailableException">The peer cannot be reached.</exception>
    /// <exception cref="TransportException">The peer refused the handshake (e.g. another protocol version).</exception>
    public async Task<FrameConnection> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HandshakeTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream);
            var writer = PipeWriter.Create(stream);
            var peerId = await Handshake.ConnectAsync(reader, writer, localId, options, timeout.Token).ConfigureAwait(false);
            var connection = new FrameConnection(socket, reader, writer, peerId, options, handler);
            connection.Start();
            return connection;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SiloUnavailableException($"Cannot connect to {endpoint}: {e.Message}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The live connection to <paramref name="endpoint"/>, reconnecting if it dropped. Concurrent callers share one
    /// attempt; after a failed attempt, calls within <see cref="TransportOptions.ReconnectDelay"/> fail at once
    /// instead of piling connection attempts on a peer that is down.
    /// </summary>
    public Task<FrameConnection> GetAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        Peer peer;
        lock (_peers)
        {
            if (!_peers.TryGetValue(endpoint, out peer!))
            {
                _peers[endpoint] = peer = new Peer();
            }

            if (peer.Connecting is { IsCompletedSuccessfully: true } done && done.Result.IsConnected)
            {
                return done;
            }

            if (peer.Connecting is { IsCompleted: false } pending)
            {
                return pending;
            }

            if (peer.Connecting is { IsFaulted: true } && _time.GetUtcNow() - peer.FailedAt < options.ReconnectDelay)
            {
                return peer.Connecting;
            }

            peer.Connecting = ConnectOnceAsync(peer, endpoint, cancellationToken);
            return peer.Connecting;
        }
    }

    /// <summary>The live connections this connector opened through <see cref="GetAsync"/>.</summary>
    public IReadOnlyList<FrameConnection> Connections
    {
        get
        {
            lock (_peers)
            {
                return [.. _peers.Values.Select(p => p.Connecting).OfType<Task<FrameConnection>>()
                    .Where(t => t.IsCompletedSuccessfully && t.Result.IsConnected).Select(t => t.Result)];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<FrameConnection>> connections;
        lock (_peers)
        {
            connections = [.. _peers.Values.Select(p => p.Connecting).OfType<Task<FrameConnection>>().Where(t => t.IsCompletedSuccessfully)];
            _peers.Clear();
        }

        foreach (var connection in connections)
        {
            await (await connection.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<FrameConnection> ConnectOnceAsync(Peer peer, EndPoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            peer.FailedAt = _time.GetUtcNow();
            throw;
        }
    }

    private sealed class Peer
    {
        public Task<FrameConnection>? Connecting { get; set; }

        public DateTimeOffset FailedAt { get; set; }
    }
}
