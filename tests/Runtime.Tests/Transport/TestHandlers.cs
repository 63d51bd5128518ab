using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Tests.Transport;

/// <summary>Answers each request with its payload reversed; one-way messages are counted.</summary>
internal sealed class EchoHandler : IFrameHandler
{
    public int OneWays => _oneWays;

    private int _oneWays;

    public ValueTask<byte[]> HandleRequestAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken)
    {
        if (payload.AsSpan().SequenceEqual("fail"u8))
        {
            throw new RemoteCallFailedException("test.refused", "refused on purpose");
        }

        var answer = payload.ToArray();
        Array.Reverse(answer);
        return ValueTask.FromResult(answer);
    }

    public ValueTask HandleOneWayAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _oneWays);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Never answers until cancelled; reports each request it receives and each cancellation it sees.</summary>
internal sealed class StuckHandler : IFrameHandler
{
    public TaskCompletionSource Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask<byte[]> HandleRequestAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken)
    {
        Received.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return [];
    }

    public ValueTask HandleOneWayAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
