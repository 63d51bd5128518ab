using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>A received frame; the payload is owned by the frame.</summary>
internal readonly record struct Frame(FrameKind Kind, long CorrelationId, byte[] Payload);

/// <summary>
/// Length-prefixed frames: a 13-byte header (payload length u32, kind u8, correlation id i64, little-endian) then
/// the payload. The length is checked against the limit before a byte of the payload is buffered.
/// </summary>
internal static class FrameCodec
{
    public const int HeaderSize = 13;

    public static void Write(PipeWriter writer, FrameKind kind, long correlationId, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payload.Length);
        span[4] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(span[5..], correlationId);
        writer.Advance(HeaderSize);
        writer.Write(payload);
    }

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>, if it holds one.</summary>
    /// <exception cref="TransportException">The frame is larger than <paramref name="maxFrameBytes"/> or of an unknown kind.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out Frame frame)
    {
        frame = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > (uint)maxFrameBytes)
        {
            throw new TransportException($"Frame of {length} bytes exceeds the limit of {maxFrameBytes} bytes.");
        }

        var kind = (FrameKind)header[4];
        if (!Enum.IsDefined(kind))
        {
            throw new TransportException($"Unknown frame kind {header[4]}.");
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(HeaderSize, length).ToArray();
        frame = new Frame(kind, BinaryPrimitives.ReadInt64LittleEndian(header[5..]), payload);
        buffer = buffer.Slice(HeaderSize + length);
        return true;
    }

    /// <summary>Reads the next frame; null when the peer closed the connection cleanly between frames.</summary>
    public static async ValueTask<Frame?> ReadAsync(PipeReader reader, int maxFrameBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool found;
            Frame frame;
            try
            {
                found = TryRead(ref buffer, maxFrameBytes, out frame);
            }
            catch
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            if (found)
            {
                // Only what was consumed counts as examined: frames already buffered are read without waiting.
                reader.AdvanceTo(buffer.Start);
                return frame;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw new TransportException("The connection closed in the middle of a frame.");
            }
        }
    }

    /// <summary>A failure payload: error code and message, each a length-prefixed UTF-8 string.</summary>
    public static byte[] Failure(string code, string message) => WireStrings.Encode(code, message);

    public static (string Code, string Message) ReadFailure(byte[] payload)
    {
        var reader = new WireStrings.Reader(payload);
        return (reader.Next(), reader.Next());
    }
}
