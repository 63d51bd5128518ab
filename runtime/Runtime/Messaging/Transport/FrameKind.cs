namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>What a frame carries.</summary>
internal enum FrameKind : byte
{
    /// <summary>First frame of a connection: magic, protocol version, the caller's id.</summary>
    Hello = 1,

    /// <summary>Answer to <see cref="Hello"/>: accepted with the peer's id, or refused with a reason.</summary>
    HelloAck = 2,

    /// <summary>A call; answered by <see cref="Response"/> or <see cref="Failure"/> with the same correlation id.</summary>
    Request = 3,

    Response = 4,

    /// <summary>The call failed (payload: error code and message), or the connection is being closed for a protocol error (id 0).</summary>
    Failure = 5,

    /// <summary>The caller gave up on a request (deadline or cancellation); the peer may stop working on it.</summary>
    Cancel = 6,

    /// <summary>A message that expects no answer.</summary>
    OneWay = 7,
}
