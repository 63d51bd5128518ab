namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>Serves the requests that arrive on a connection.</summary>
internal interface IFrameHandler
{
    /// <summary>Answers a request; an exception becomes a failure frame (a <see cref="RemoteCallFailedException"/> keeps its code).</summary>
    ValueTask<byte[]> HandleRequestAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken);

    /// <summary>Handles a message that expects no answer.</summary>
    ValueTask HandleOneWayAsync(FrameConnection connection, byte[] payload, CancellationToken cancellationToken);
}
