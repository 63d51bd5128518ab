using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>
/// One TCP connection after its handshake, multiplexing any number of calls in both directions. Sends go through a
/// bounded queue drained by one writer (senders wait when it is full); reads stop while the peer has
/// <see cref="TransportOptions.MaxConcurrentRequests"/> requests running here, so TCP pushes back on it. A call
/// fails at its deadline (the peer is told to cancel it); when the connection drops, every pending call fails at
/// once with <see cref="SiloUnavailableException"/>, so nothing hangs.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TransportOptions _options;
    private readonly IFrameHandler? _handler;
    private readonly Channel<Outbound> _outbound;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<byte[]>> _pending = new();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _serving = new();
    private readonly SemaphoreSlim _requestSlots;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private long _framesSent;
    private long _bytesSent;
    private long _framesReceived;
    private long _bytesReceived;
    private string? _closeReason;
    private Task _loops = Task.CompletedTask;

    public FrameConnection(Socket socket, PipeReader reader, PipeWriter writer, string peerId, TransportOptions options, IFrameHandler? handler)
    {
        _socket = socket;
        _reader = reader;
        _writer = writer;
        PeerId = peerId;
        _options = options;
        _handler = handler;
        _requestSlots = new SemaphoreSlim(options.MaxConcurrentRequests);
        _outbound = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true });
    }

    /// <summary>The peer's id from the handshake.</summary>
    public string PeerId { get; }

    /// <summary>False once the connection has closed, for any reason.</summary>
    public bool IsConnected => !_closed.Task.IsCompleted;

    /// <summary>Frames and bytes (headers included) sent and received so far.</summary>
    public TransportCounters Counters => new(
        Interlocked.Read(ref _framesSent), Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _framesReceived), Interlocked.Read(ref _bytesReceived));

    /// <summary>Completes when the connection has closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Calls the peer; the answer's payload, or the peer's failure, or a timeout at <paramref name="timeout"/>.</summary>
    public async Task<byte[]> RequestAsync(ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        EnsureSendable(payload.Length);
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (!IsConnected)
        {
            // Closed between the check above and the registration: FailAll may have missed this call.
            _pending.TryRemove(id, out _);
            throw Unavailable();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _outbound.Writer.WriteAsync(new Outbound(FrameKind.Request, id, payload), deadline.Token).ConfigureAwait(false);
            return await answer.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !answer.Task.IsCompleted)
        {
            _pending.TryRemove(id, out _);
            _outbound.Writer.TryWrite(new Outbound(FrameKind.Cancel, id, ReadOnlyMemory<byte>.Empty));
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"No answer from {PeerId} within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (ChannelClosedException)
        {
            _pending.TryRemove(id, out _);
            throw Unavailable();
        }
    }

    /// <summary>Sends a message that expects no answer (waits only for room in the send queue).</summary>
    public async ValueTask SendOneWayAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        EnsureSendable(payload.Length);
        try
        {
            await _outbound.Writer.WriteAsync(new Outbound(FrameKind.OneWay, 0, payload), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw Unavailable();
        }
    }

    /// <summary>Starts reading and writing; called once after the handshake.</summary>
    public void Start() => _loops = Task.WhenAll(Task.Run(ReadLoopAsync), Task.Run(WriteLoopAsync));

    /// <summary>Closes the connection: pending calls fail, running handlers are cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        Close("closed locally");
        await _loops.ConfigureAwait(false);
        _closing.Dispose();
        _requestSlots.Dispose();
    }

    private void EnsureSendable(int length)
    {
        if (length > _options.MaxFrameBytes)
        {
            throw new TransportException($"Frame of {length} bytes exceeds the limit of {_options.MaxFrameBytes} bytes.");
        }

        if (!IsConnected)
        {
            throw Unavailable();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var read = await FrameCodec.ReadAsync(_reader, _options.MaxFrameBytes, _closing.Token).ConfigureAwait(false);
                if (read is not { } frame)
                {
                    Close("the peer closed the connection");
                    return;
                }

                Interlocked.Increment(ref _framesReceived);
                Interlocked.Add(ref _bytesReceived, FrameCodec.HeaderSize + frame.Payload.Length);
                await DispatchAsync(frame).ConfigureAwait(false);
            }
        }
        catch (TransportException protocol)
        {
            // Tell the peer why before closing, so its operators see the cause, not just a reset.
            _outbound.Writer.TryWrite(new Outbound(FrameKind.Failure, 0, FrameCodec.Failure("transport.protocol", protocol.Message)));
            Close(protocol.Message, flush: true);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(e is OperationCanceledException ? "closed locally" : $"read failed: {e.Message}");
        }
    }

    private async ValueTask DispatchAsync(Frame frame)
    {
        switch (frame.Kind)
        {
            case FrameKind.Response when _pending.TryRemove(frame.CorrelationId, out var answer):
                answer.TrySetResult(frame.Payload);
                break;
            case FrameKind.Failure when frame.CorrelationId == 0:
                var (_, reason) = FrameCodec.ReadFailure(frame.Payload);
                throw new TransportException($"The peer closed the connection: {reason}");
            case FrameKind.Failure when _pending.TryRemove(frame.CorrelationId, out var failed):
                var (code, message) = FrameCodec.ReadFailure(frame.Payload);
                failed.TrySetException(new RemoteCallFailedException(code, message));
                break;
            case FrameKind.Request when _handler is not null:
                await _requestSlots.WaitAsync(_closing.Token).ConfigureAwait(false);
                var cancel = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
                _serving[frame.CorrelationId] = cancel;
                _ = ServeAsync(frame, cancel);
                break;
            case FrameKind.Request:
                _outbound.Writer.TryWrite(new Outbound(FrameKind.Failure, frame.CorrelationId, FrameCodec.Failure("transport.no-handler", "This peer serves no requests.")));
                break;
            case FrameKind.OneWay when _handler is not null:
                await _handler.HandleOneWayAsync(this, frame.Payload, _closing.Token).ConfigureAwait(false);
                break;
            case FrameKind.Cancel when _serving.TryGetValue(frame.CorrelationId, out var serving):
                await serving.CancelAsync().ConfigureAwait(false);
                break;
            case FrameKind.Hello or FrameKind.HelloAck:
                throw new TransportException($"Unexpected {frame.Kind} frame after the handshake.");
            default:
                // A late answer to a call that already timed out, or a cancel for a finished request.
                break;
        }
    }

    private async Task ServeAsync(Frame request, CancellationTokenSource cancel)
    {
        Outbound answer;
        try
        {
            var payload = await _handler!.HandleRequestAsync(this, request.Payload, cancel.Token).ConfigureAwait(false);
            answer = payload.Length > _options.MaxFrameBytes
                ? new Outbound(FrameKind.Failure, request.CorrelationId, FrameCodec.Failure("transport.frame-too-large", $"The answer of {payload.Length} bytes exceeds the limit of {_options.MaxFrameBytes} bytes."))
                : new Outbound(FrameKind.Response, request.CorrelationId, payload);
        }
        catch (Exception e)
        {
            var code = e is RemoteCallFailedException remote ? remote.Code : "remote." + e.GetType().Name;
            answer = new Outbound(FrameKind.Failure, request.CorrelationId, FrameCodec.Failure(code, e.Message));
        }
        finally
        {
            _serving.TryRemove(request.CorrelationId, out _);
            cancel.Dispose();
            try
            {
                _requestSlots.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        try
        {
            await _outbound.Writer.WriteAsync(answer).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The caller is gone with the connection; its call already failed.
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Everything queued goes out in one flush: many small frames, few syscalls.
                while (reader.TryRead(out var frame))
                {
                    FrameCodec.Write(_writer, frame.Kind, frame.CorrelationId, frame.Payload.Span);
                    Interlocked.Increment(ref _framesSent);
                    Interlocked.Add(ref _bytesSent, FrameCodec.HeaderSize + frame.Payload.Length);
                }

                var flushed = await _writer.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Close($"write failed: {e.Message}");
        }
        finally
        {
            try
            {
                await _writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The socket is gone; what was left unsent belongs to calls that already failed.
            }

            _socket.Dispose();
        }
    }

    private void Close(string reason, bool flush = false)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        if (!flush)
        {
            _socket.Dispose();
        }

        _closing.Cancel();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.TrySetException(Unavailable());
            }
        }

        _closed.TrySetResult();
    }

    private SiloUnavailableException Unavailable() => new($"Connection to {PeerId} lost: {_closeReason ?? "closing"}.");

    private readonly record struct Outbound(FrameKind Kind, long CorrelationId, ReadOnlyMemory<byte> Payload);
}
