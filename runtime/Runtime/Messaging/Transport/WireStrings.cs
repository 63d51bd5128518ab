using System.Buffers.Binary;
using System.Text;

namespace OrderGrains.Runtime.Messaging.Transport;

/// <summary>Length-prefixed (u16) UTF-8 strings, for handshakes and failures.</summary>
internal static class WireStrings
{
    public const int MaxLength = ushort.MaxValue;

    public static byte[] Encode(params string[] values)
    {
        var encoded = values.Select(v => Truncate(Encoding.UTF8.GetBytes(v))).ToArray();
        var buffer = new byte[encoded.Sum(e => 2 + e.Length)];
        var at = 0;
        foreach (var bytes in encoded)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(at), (ushort)bytes.Length);
            bytes.CopyTo(buffer.AsSpan(at + 2));
            at += 2 + bytes.Length;
        }

        return buffer;
    }

    private static byte[] Truncate(byte[] bytes) => bytes.Length <= MaxLength ? bytes : bytes[..MaxLength];

    /// <summary>Reads strings in order; a truncated payload is a protocol error.</summary>
    public ref struct Reader(ReadOnlySpan<byte> payload)
    {
        private ReadOnlySpan<byte> _rest = payload;

        public string Next()
        {
            if (_rest.Length < 2)
            {
                throw new TransportException("Malformed frame: a string is missing.");
            }

            var length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
            if (_rest.Length < 2 + length)
            {
                throw new TransportException("Malformed frame: a string is cut short.");
            }

            var value = Encoding.UTF8.GetString(_rest.Slice(2, length));
            _rest = _rest[(2 + length)..];
            return value;
        }
    }
}
