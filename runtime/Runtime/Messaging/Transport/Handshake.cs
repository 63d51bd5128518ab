using System.IO.Pipelines;

namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>
/// Opening of a connection: the caller sends magic, protocol version and its id; the listener answers with its own
/// id or refuses with a reason (e.g. another protocol version) and closes. Nothing else is accepted before.
/// </summary>
internal static class Handshake
{
    /// <summary>Version of the wire protocol; peers of other versions are refused.</summary>
    public const string ProtocolVersion = "1";

    private const string Magic = "OGRN";
    private const string Accepted = "accepted";

    public static async Task<string> ConnectAsync(PipeReader reader, PipeWriter writer, string localId, TransportOptions options, CancellationToken cancellationToken)
    {
        FrameCodec.Write(writer, FrameKind.Hello, 0, WireStrings.Encode(Magic, ProtocolVersion, localId));
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var answer = await FrameCodec.ReadAsync(reader, options.MaxFrameBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new TransportException("The peer closed the connection during the handshake.");
        if (answer.Kind != FrameKind.HelloAck)
        {
            throw new TransportException($"The peer answered the handshake with a {answer.Kind} frame.");
        }

        var ack = new WireStrings.Reader(answer.Payload);
        var status = ack.Next();
        var detail = ack.Next();
        return status == Accepted ? detail : throw new TransportException($"The peer refused the connection: {detail}");
    }

    public static async Task<string> AcceptAsync(PipeReader reader, PipeWriter writer, string localId, TransportOptions options, CancellationToken cancellationToken)
    {
        var hello = await FrameCodec.ReadAsync(reader, options.MaxFrameBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new TransportException("The peer closed the connection before its handshake.");
        string magic, version, peerId;
        try
        {
            if (hello.Kind != FrameKind.Hello)
            {
                throw new TransportException($"Expected a handshake, got a {hello.Kind} frame.");
            }

            var fields = new WireStrings.Reader(hello.Payload);
            (magic, version, peerId) = (fields.Next(), fields.Next(), fields.Next());
            if (magic != Magic)
            {
                throw new TransportException("Not an OrderGrains peer (bad magic).");
            }

            if (version != ProtocolVersion)
            {
                throw new TransportException($"Protocol version {version} is not supported; this silo speaks version {ProtocolVersion}.");
            }
        }
        catch (TransportException refusal)
        {
            await RefuseAsync(writer, refusal.Message, cancellationToken).ConfigureAwait(false);
            throw;
        }

        FrameCodec.Write(writer, FrameKind.HelloAck, 0, WireStrings.Encode(Accepted, localId));
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return peerId;
    }

    private static async Task RefuseAsync(PipeWriter writer, string reason, CancellationToken cancellationToken)
    {
        FrameCodec.Write(writer, FrameKind.HelloAck, 0, WireStrings.Encode("refused", reason));
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
