using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Tests.Transport;

public sealed class FrameTransportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static TransportOptions Options(int maxFrame = 64 * 1024) => new() { MaxFrameBytes = maxFrame, HandshakeTimeout = TimeSpan.FromSeconds(5) };

    private static FrameListener Listen(IFrameHandler handler, TransportOptions? options = null)
    {
        var listener = new FrameListener(new IPEndPoint(IPAddress.Loopback, 0), "silo-a", options ?? Options(), handler);
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Many_concurrent_calls_share_one_connection_and_each_gets_its_own_answer()
    {
        await using var listener = Listen(new EchoHandler());
        await using var connector = new FrameConnector("client-1", Options());
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);
        Assert.Equal("silo-a", connection.PeerId);

        var calls = Enumerable.Range(0, 2_000).Select(async i =>
        {
            var payload = Encoding.UTF8.GetBytes($"call-{i}");
            var answer = await connection.RequestAsync(payload, Bound);
            Array.Reverse(answer);
            return Encoding.UTF8.GetString(answer) == $"call-{i}";
        });
        Assert.All(await Task.WhenAll(calls), Assert.True);
        Assert.Single(listener.Connections);
    }

    [Fact]
    public async Task A_failure_answer_reaches_the_caller_with_its_code()
    {
        await using var listener = Listen(new EchoHandler());
        await using var connector = new FrameConnector("client-1", Options());
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);

        var failure = await Assert.ThrowsAsync<RemoteCallFailedException>(() => connection.RequestAsync("fail"u8.ToArray(), Bound));
        Assert.Equal("test.refused", failure.Code);
        var answer = await connection.RequestAsync("ko"u8.ToArray(), Bound);
        Assert.Equal("ok", Encoding.UTF8.GetString(answer));
    }

    [Fact]
    public async Task Oversize_frame_is_refused_before_sending_with_a_clear_error()
    {
        await using var listener = Listen(new EchoHandler());
        await using var connector = new FrameConnector("client-1", Options());
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);

        var error = await Assert.ThrowsAsync<TransportException>(() => connection.RequestAsync(new byte[64 * 1024 + 1], Bound));
        Assert.Contains("exceeds the limit of 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Peer_sending_an_oversize_frame_is_told_why_and_disconnected()
    {
        await using var listener = Listen(new EchoHandler(), Options(maxFrame: 1024));
        await using var connector = new FrameConnector("client-1", Options(maxFrame: 1024 * 1024));
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);
        var pending = connection.RequestAsync(new byte[4096], Bound);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => pending.WaitAsync(Bound));
        Assert.Contains("exceeds the limit of 1024 bytes", error.Message, StringComparison.Ordinal);
        await connection.Closed.WaitAsync(Bound);
    }

    [Fact]
    public async Task Peer_disconnect_mid_call_fails_the_call_instead_of_hanging()
    {
        var stuck = new StuckHandler();
        var listener = Listen(stuck);
        await using var connector = new FrameConnector("client-1", Options());
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);
        var call = connection.RequestAsync("hello"u8.ToArray(), TimeSpan.FromMinutes(5));
        await stuck.Received.Task.WaitAsync(Bound);

        await listener.DisposeAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(Bound));
        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => connection.RequestAsync("again"u8.ToArray(), Bound));
    }

    [Fact]
    public async Task Call_past_its_deadline_times_out_and_the_peer_is_told_to_cancel()
    {
        var stuck = new StuckHandler();
        await using var listener = Listen(stuck);
        await using var connector = new FrameConnector("client-1", Options());
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);

        await Assert.ThrowsAsync<TimeoutException>(() => connection.RequestAsync("slow"u8.ToArray(), TimeSpan.FromMilliseconds(200)));
        await stuck.Cancelled.Task.WaitAsync(Bound);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task Handshake_of_another_protocol_version_is_refused_with_the_reason()
    {
        await using var listener = Listen(new EchoHandler());
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndPoint);
        await socket.SendAsync(RawFrame(1, Strings("OGRN", "99", "old-client")));

        var answer = await ReceiveAllAsync(socket);
        Assert.Equal(2, answer[4]);
        Assert.Contains("Protocol version 99 is not supported", Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        Assert.Equal(1, listener.RefusedHandshakes);
        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task Connector_reconnects_after_the_peer_comes_back()
    {
        var first = Listen(new EchoHandler());
        var endpoint = first.LocalEndPoint;
        await using var connector = new FrameConnector("client-1", new TransportOptions { ReconnectDelay = TimeSpan.Zero });
        var before = await connector.GetAsync(endpoint);
        Assert.Same(before, await connector.GetAsync(endpoint));
        Assert.Equal("ba", Encoding.UTF8.GetString(await before.RequestAsync("ab"u8.ToArray(), Bound)));

        await first.DisposeAsync();
        await before.Closed.WaitAsync(Bound);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => connector.GetAsync(endpoint));

        await using var second = new FrameListener(endpoint, "silo-a2", Options(), new EchoHandler());
        second.Start();
        var after = await connector.GetAsync(endpoint);
        Assert.NotSame(before, after);
        Assert.Equal("silo-a2", after.PeerId);
        Assert.Equal("dc", Encoding.UTF8.GetString(await after.RequestAsync("cd"u8.ToArray(), Bound)));
    }

    [Fact]
    public async Task One_way_messages_arrive_without_an_answer()
    {
        var echo = new EchoHandler();
        await using var listener = Listen(echo);
        await using var connector = new FrameConnector("client-1", Options());
        await using var connection = await connector.ConnectAsync(listener.LocalEndPoint);
        for (var i = 0; i < 100; i++)
        {
            await connection.SendOneWayAsync("note"u8.ToArray());
        }

        // A request sent after them is answered after they were handled: frames are read in order.
        await connection.RequestAsync("x"u8.ToArray(), Bound);
        Assert.Equal(100, echo.OneWays);
    }

    private static byte[] Strings(params string[] values)
    {
        var bytes = new List<byte>();
        foreach (var value in values)
        {
            var encoded = Encoding.UTF8.GetBytes(value);
            bytes.AddRange(BitConverter.GetBytes((ushort)encoded.Length));
            bytes.AddRange(encoded);
        }

        return [.. bytes];
    }

    private static byte[] RawFrame(byte kind, byte[] payload)
    {
        var frame = new byte[13 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        frame[4] = kind;
        payload.CopyTo(frame, 13);
        return frame;
    }

    private static async Task<byte[]> ReceiveAllAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var received = new List<byte>();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        return [.. received];
    }
}
