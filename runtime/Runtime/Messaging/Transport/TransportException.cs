namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>A frame or handshake broke the protocol (too large, wrong version, malformed); the connection is closed.</summary>
public sealed class TransportException(string message) : Exception(message);

/// <summary>The peer answered a request with a failure: a stable <see cref="Code"/> and a message.</summary>
public sealed class RemoteCallFailedException(string code, string message) : Exception(message)
{
    /// <summary>Stable error code sent by the peer.</summary>
    public string Code { get; } = code;
}
